using Microsoft.AspNetCore.DataProtection;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>Encrypts provider secrets at rest with the app's data-protection keys.</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Omnichat.ChannelSecrets");

    public string Protect(string secret) => protector.Protect(secret);

    public string Reveal(ChannelAccount account) => Reveal(account.ProtectedSecret);

    public string RevealAppSecret(ChannelAccount account) => Reveal(account.ProtectedAppSecret);

    private string Reveal(string? stored) => stored is { Length: > 0 } ? protector.Unprotect(stored) : "";
}
