using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

/// <summary>
/// EventSource cannot send an Authorization header, so the widget trades its token (in a header) for a ticket that
/// opens one live-update stream: random, good for one use within <see cref="Lifetime"/>. The lasting token never
/// appears in a URL, where access logs and proxies would keep it.
/// </summary>
public sealed class StreamTickets(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Ticket> tickets = new();

    public string Issue(string siteKey, string visitorKey)
    {
        var now = clock.GetUtcNow();
        // Unused tickets go when the next one is issued, so the table stays as small as the traffic of half a minute.
        foreach (var (key, old) in tickets)
            if (old.ExpiresAt <= now) tickets.TryRemove(key, out _);
        var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        tickets[ticket] = new Ticket(siteKey, visitorKey, now + Lifetime);
        return ticket;
    }

    /// <summary>The visitor key the ticket was issued for, once: a second use, another site or a late one gets null.</summary>
    public string? Redeem(string siteKey, string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || !tickets.TryRemove(ticket, out var found)) return null;
        return found.SiteKey == siteKey && found.ExpiresAt > clock.GetUtcNow() ? found.VisitorKey : null;
    }

    private sealed record Ticket(string SiteKey, string VisitorKey, DateTimeOffset ExpiresAt);
}
