using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

/// <summary>
/// A page whose origin is not allowed tried to use a site's chat. The visitor is told only that chat is not available
/// there; the reason goes to the log and, as the site's last refused origin, to the Channels page, where an admin who
/// forgot to allow their own page sees which origin to add.
/// </summary>
public sealed class RefusedOrigins(IDbWriter writer, TimeProvider clock, ILogger<RefusedOrigins> logger)
{
    /// <summary>A page keeps asking while it is open: the same origin is logged and stored at most this often per site.</summary>
    public static readonly TimeSpan NoteEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, (string Origin, DateTime At)> lastNoted = new();

    public async Task NoteAsync(Site site, string origin, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var siteId = site.Account.Id;
        if (lastNoted.TryGetValue(siteId, out var last) && last.Origin == origin && now - last.At < NoteEvery) return;
        lastNoted[siteId] = (origin, now);
        logger.LogWarning("Live chat {SiteKey} refused a page at {Origin}: that origin is not in the site's allowed origins ({Allowed}).",
            site.Account.Key, origin, string.Join(", ", site.Settings.Origins));
        await writer.WriteAsync(async (db, token) =>
        {
            var updated = await db.LiveChatSites.Where(s => s.ChannelAccountId == siteId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastRefusedOrigin, origin).SetProperty(x => x.LastRefusedAt, now), token);
            // A site whose settings were never saved has no row yet.
            if (updated == 0)
            {
                db.LiveChatSites.Add(new LiveChatSite { ChannelAccountId = siteId, LastRefusedOrigin = origin, LastRefusedAt = now });
                await db.SaveChangesAsync(token);
            }
        }, ct);
    }
}
