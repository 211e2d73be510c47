using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Data;

/// <summary>With Omnichat:KeyCertificate set, the data-protection keys on disk are encrypted with that certificate.</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private readonly string certificateFile = Path.Combine(Path.GetTempPath(), $"omnichat-keys-{Guid.NewGuid():N}.pfx");

    public void Dispose() => File.Delete(certificateFile);

    [Fact]
    public async Task Keys_are_written_encrypted_with_the_configured_certificate_and_still_open_what_they_protected()
    {
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Omnichat keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificateFile, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }
        await using var factory = new OmnichatAppFactory
        {
            RunBackgroundWorkers = false,
            Settings = { ["Omnichat:KeyCertificate"] = certificateFile, ["Omnichat:KeyCertificatePassword"] = "pfx-password" },
        };

        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var sealedSecret = protector.Protect("twilio-auth-token");

        var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(factory.DataDirectory, "keys"), "*.xml")));
        Assert.Contains("<encryptedSecret", key);
        Assert.DoesNotContain("<masterKey", key);
        Assert.Equal("twilio-auth-token", protector.Unprotect(sealedSecret));
    }
}
