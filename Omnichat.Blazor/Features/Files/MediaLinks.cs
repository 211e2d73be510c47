using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;

namespace Omnichat.Blazor.Features.Files;

/// <summary>
/// Short-lived signed links that let a provider (Twilio) fetch an outgoing message's file without signing in.
/// The link itself is the permission, so it expires and names exactly one file.
/// </summary>
public sealed class MediaLinks(IDataProtectionProvider provider, PublicUrls urls, IDbContextFactory<OmnichatDbContext> dbFactory)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(4);

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector("Omnichat.Files.MediaLink").ToTimeLimitedDataProtector();

    public Uri For(long fileId) => new($"{urls.Base}/media/{protector.Protect(fileId.ToString(), Lifetime)}");

    public async Task<StoredFile?> ResolveAsync(string token, CancellationToken ct = default)
    {
        long fileId;
        try
        {
            fileId = long.Parse(protector.Unprotect(token));
        }
        catch (CryptographicException)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.MessageId != null, ct);
    }
}
