using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

/// <param name="Payload">What the provider sent, shortened for the list.</param>
public sealed record FailedEventRow(long Id, DateTime ReceivedAt, string Channel, InboundEventKind Kind, string Payload, string? Error, int Attempts);

/// <summary>Events the processor gave up on: listed for admins, who retry them once the cause is fixed or discard them.</summary>
public sealed class FailedEvents(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, InboundEvents events, TimeProvider clock)
{
    private const int PayloadPreview = 600;

    // For people: indented, and '+' in a phone number shown as '+', not as an escape.
    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<IReadOnlyList<FailedEventRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.InboundEvents.Where(e => e.DeadLetteredAt != null && e.ProcessedAt == null)
            .OrderByDescending(e => e.Id)
            .Join(db.ChannelAccounts, e => e.ChannelAccountId, a => a.Id, (e, a) => new { e, a.Name })
            .Take(500)
            .ToListAsync(ct);
        return rows.Select(r => new FailedEventRow(r.e.Id, r.e.ReceivedAt, r.Name, r.e.Kind, Readably(r.e.Payload), r.e.LastError, r.e.Attempts)).ToList();
    }

    private static string Readably(string payload)
    {
        string text;
        try
        {
            text = JsonNode.Parse(payload)?.ToJsonString(Readable) ?? payload;
        }
        catch (JsonException)
        {
            text = payload;
        }
        return text.Length > PayloadPreview ? text[..PayloadPreview] + "…" : text;
    }

    /// <summary>Gives the event a fresh set of tries, starting now.</summary>
    public async Task<bool> RetryAsync(long eventId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retried = await writer.WriteAsync((db, token) => Pending(db, eventId).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.DeadLetteredAt, (DateTime?)null)
            .SetProperty(e => e.Attempts, 0)
            .SetProperty(e => e.NextAttemptAt, now), token), ct) == 1;
        if (retried) events.Stored.Notify();
        return retried;
    }

    /// <summary>Marks the event done without processing it. The row stays, so a late redelivery is still recognised.</summary>
    public async Task<bool> DiscardAsync(long eventId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await writer.WriteAsync((db, token) => Pending(db, eventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now), token), ct) == 1;
    }

    private static IQueryable<InboundEvent> Pending(OmnichatDbContext db, long eventId) =>
        db.InboundEvents.Where(e => e.Id == eventId && e.DeadLetteredAt != null && e.ProcessedAt == null);
}
