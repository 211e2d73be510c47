using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels.Twilio;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>Durable-first intake: webhooks store here, then answer; <see cref="InboundProcessor"/> does the rest.</summary>
public sealed class InboundEvents(IDbContextFactory<OmnichatDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Notified whenever an event was stored.</summary>
    public WorkSignal Stored { get; } = new();

    /// <summary>Stores the raw event; one the provider delivered before stores nothing new.</summary>
    public async Task StoreAsync(int channelAccountId, string providerMessageId, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Providers retry often; the unique index only has to settle the rare retry that overlaps the first delivery.
        if (await db.InboundEvents.AnyAsync(e => e.ChannelAccountId == channelAccountId && e.ProviderMessageId == providerMessageId, ct)) return;
        db.InboundEvents.Add(new InboundEvent
        {
            ChannelAccountId = channelAccountId,
            ProviderMessageId = providerMessageId,
            Payload = JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Value)),
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return;
        }
        Stored.Notify();
    }
}

/// <summary>
/// Turns stored webhook events into messages through the lifecycle service. The lifecycle stores each provider
/// message id once, so an event processed again after a crash creates nothing new.
/// </summary>
public sealed class InboundProcessor(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    InboundEvents events,
    ConversationLifecycle lifecycle,
    TwilioMedia twilioMedia,
    ConversationBus bus,
    TimeProvider clock,
    ILogger<InboundProcessor> logger) : BackgroundService
{
    private const int MaxAttempts = 10;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        WorkLoop.RunAsync(ProcessPendingAsync, events.Stored, TimeSpan.FromSeconds(5), clock, logger, stoppingToken);

    /// <summary>Processes every stored, unprocessed event once. Returns how many it handled.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.InboundEvents
            .Where(e => e.ProcessedAt == null && e.Attempts < MaxAttempts)
            .OrderBy(e => e.Id)
            .Take(50)
            .ToListAsync(ct);
        foreach (var evt in pending)
        {
            var account = await db.ChannelAccounts.AsNoTracking().SingleAsync(a => a.Id == evt.ChannelAccountId, ct);
            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(evt.Payload)!;
            try
            {
                if (account.Kind is not (ChannelKind.Sms or ChannelKind.WhatsApp))
                    throw new InvalidOperationException($"No inbound parser for {account.Kind}.");
                var received = await lifecycle.ReceiveAsync(TwilioInbound.ToMessage(account, fields), ct);
                if (TwilioInbound.MediaCount(fields) > 0)
                {
                    await twilioMedia.FetchAsync(account, fields, received, ct);
                    await bus.PublishAsync(new ConversationChanged(received.ConversationId, ConversationChange.AttachmentsAdded));
                }
                evt.ProcessedAt = clock.GetUtcNow().UtcDateTime;
                evt.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Inbound event {Id} failed", evt.Id);
                evt.LastError = ex.Message;
            }
            evt.Attempts++;
            await db.SaveChangesAsync(ct);
        }
        return pending.Count;
    }
}
