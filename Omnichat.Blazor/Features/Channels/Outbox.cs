using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// Delivers the outbox: claims each due entry with a conditional update, calls the provider, and records the
/// provider's message id in the same save as the outcome. An attempt that may have reached the provider without an
/// answer (a timeout, a broken connection, or a call found interrupted at start-up) leaves the message uncertain, and
/// the next attempt asks the provider for it before sending again, so nothing goes out twice.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    IDbWriter writer,
    OutboxSignal signal,
    InboundEvents inbound,
    IEnumerable<IChannelSender> senders,
    MediaLinks mediaLinks,
    ConversationBus bus,
    TimeProvider clock,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public const int MaxAttempts = 6;
    private const string InterruptedReason = "The console stopped while sending.";
    private const string OutcomeUnknown = "It is unknown whether this message went out";

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await MarkInterruptedUncertainAsync(stoppingToken);
        await WorkLoop.RunAsync(SendDueAsync, signal.Queued, TimeSpan.FromSeconds(1), clock, logger, stoppingToken);
    }

    /// <summary>Entries still "sending" were interrupted mid-call: due again, and checked with the provider first.</summary>
    public async Task MarkInterruptedUncertainAsync(CancellationToken ct = default)
    {
        await writer.WriteAsync(async (db, token) =>
        {
            var interrupted = await db.Outbox.Include(e => e.Message).Where(e => e.Status == OutboxStatus.Sending).ToListAsync(token);
            foreach (var entry in interrupted)
            {
                // The call cannot have started before the entry was due.
                entry.UncertainSince ??= entry.NextAttemptAt;
                entry.Status = OutboxStatus.Pending;
                entry.LastError = InterruptedReason;
                entry.Message.State = DeliveryState.Uncertain;
            }
            await db.SaveChangesAsync(token);
        }, ct);
    }

    /// <summary>Makes one attempt at every due entry. Returns how many it attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Outbox.Where(e => e.Status == OutboxStatus.Pending && e.NextAttemptAt <= now)
            .OrderBy(e => e.Id).Select(e => e.Id).Take(20).ToListAsync(ct);
        foreach (var id in due) await AttemptAsync(id, ct);
        return due.Count;
    }

    private async Task AttemptAsync(long entryId, CancellationToken ct)
    {
        var claimed = await writer.WriteAsync((db, token) => db.Outbox.Where(e => e.Id == entryId && e.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, OutboxStatus.Sending).SetProperty(e => e.Attempts, e => e.Attempts + 1), token), ct) == 1;
        if (!claimed) return;

        OutboxEntry entry;
        Conversation conversation;
        IReadOnlyList<StoredFile> files;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            entry = await db.Outbox.Include(e => e.Message).AsNoTracking().SingleAsync(e => e.Id == entryId, ct);
            conversation = await db.Conversations.Include(c => c.ChannelAccount).Include(c => c.Contact!.Identities)
                .AsNoTracking().SingleAsync(c => c.Id == entry.Message.ConversationId, ct);
            files = await db.StoredFiles.Where(f => f.MessageId == entry.MessageId).OrderBy(f => f.Id).AsNoTracking().ToListAsync(ct);
        }
        var startedAt = clock.GetUtcNow().UtcDateTime;
        // The provider call happens outside any write: a slow provider holds up no one else.
        var (result, earlierSettled) = await DeliverAsync(entry, conversation, files, ct);

        var (shown, state) = await writer.WriteAsync(async (db, token) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var tracked = await db.Outbox.Include(e => e.Message).SingleAsync(e => e.Id == entryId, token);
            var before = tracked.Message.State;
            if (earlierSettled) tracked.UncertainSince = null;
            Record(tracked, result, startedAt, now);
            await db.SaveChangesAsync(token);
            // Status callbacks that beat this answer have waited for the id; now they can be applied.
            if (result is SendResult.Accepted accepted && conversation.ChannelAccountId is { } channelId)
                await InboundEvents.WakeStatusesAsync(db, channelId, accepted.ProviderMessageId, now, token);
            return (before, tracked.Message.State);
        }, ct);
        if (result is SendResult.Accepted) inbound.Stored.Notify();
        if (state != shown) await bus.PublishAsync(new ConversationChanged(conversation.Id, ConversationChange.DeliveryStateChanged));
    }

    private static void Record(OutboxEntry entry, SendResult result, DateTime startedAt, DateTime now)
    {
        switch (result)
        {
            case SendResult.Accepted accepted:
                entry.Status = OutboxStatus.Sent;
                entry.LastError = null;
                entry.UncertainSince = null;
                entry.Message.ProviderMessageId = accepted.ProviderMessageId;
                entry.Message.State = DeliveryState.Sent;
                break;
            case SendResult.Unknown unknown:
                entry.UncertainSince ??= startedAt;
                RetryLater(entry, unknown.Reason, now);
                break;
            case SendResult.Transient transient:
                RetryLater(entry, transient.Reason, now);
                break;
            case SendResult.Permanent permanent:
                Fail(entry, permanent.Reason);
                break;
        }
    }

    /// <summary>
    /// Sends the entry's message; but when an earlier attempt may have reached the provider, asks the provider first
    /// and takes a copy it already has as accepted.
    /// </summary>
    /// <returns>The result, and whether an earlier, unanswered attempt is settled: the provider lacks it, or an agent decides.</returns>
    private async Task<(SendResult Result, bool EarlierSettled)> DeliverAsync(OutboxEntry entry, Conversation conversation, IReadOnlyList<StoredFile> files, CancellationToken ct)
    {
        if (conversation.ChannelAccount is not { } account) return (new SendResult.Permanent("The channel of this conversation no longer exists."), false);
        var sender = senders.FirstOrDefault(s => s.Handles(account));
        if (sender is null) return (new SendResult.Permanent($"Sending through {account.Kind} ({account.Provider}) is not available."), false);
        var to = conversation.Contact?.Identities.FirstOrDefault(i => ChannelIdentities.Matches(account.Kind, i.Kind))?.Value;
        if (to is null) return (new SendResult.Permanent("The customer has no address on this channel."), false);
        var earlierSettled = false;
        var media = files.Select(f => new OutboundMedia(mediaLinks.For(f.Id), f.OriginalName, f.ContentType)).ToList();
        var message = new OutboundMessage(account, to, entry.Message.Body, media, TemplateSend.FromJson(entry.Template), entry.MessageTag);
        try
        {
            if (entry.UncertainSince is { } since)
            {
                var found = await sender.FindSentAsync(message, since, ct);
                // The provider cannot say whether it has the message: resending risks a double, so an agent decides,
                // and their Retry sends it without asking again.
                if (found is null) return (new SendResult.Permanent($"{OutcomeUnknown}: {account.Provider} offers no way to check. Retry it if the customer did not get it."), true);
                // The same text may have gone to this customer before: that copy's id belongs to its own message.
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var taken = await db.Messages.Where(m => found.Contains(m.ProviderMessageId!)).Select(m => m.ProviderMessageId!).ToListAsync(ct);
                if (found.Except(taken).FirstOrDefault() is { } providerMessageId) return (new SendResult.Accepted(providerMessageId), false);
                earlierSettled = true; // so the earlier attempt never went out
            }
            return (await sender.SendAsync(message, ct), earlierSettled);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (NeverLeft(ex))
            {
                logger.LogWarning(ex, "Sending message of conversation {Id} through {Kind} failed; it will be retried", conversation.Id, account.Kind);
                return (new SendResult.Transient(ex.Message), earlierSettled);
            }
            logger.LogWarning(ex, "Sending message of conversation {Id} through {Kind} got no answer; the provider is asked before any resend", conversation.Id, account.Kind);
            return (new SendResult.Unknown(ex.Message), earlierSettled);
        }
    }

    /// <summary>
    /// Whether a failed call surely never reached the provider: only a failure before the request could leave (no name,
    /// no connection, no TLS) proves that. A timeout or a connection broken later proves nothing.
    /// </summary>
    private static bool NeverLeft(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
                return true;
        }
        return false;
    }

    /// <summary>Due again after the backoff, or failed once the attempts are used up.</summary>
    private static void RetryLater(OutboxEntry entry, string reason, DateTime now)
    {
        if (entry.Attempts >= MaxAttempts)
        {
            var gaveUp = $"{reason} (gave up after {entry.Attempts} attempts)";
            Fail(entry, entry.UncertainSince is null ? gaveUp : $"{OutcomeUnknown}: {gaveUp}");
            return;
        }
        entry.Status = OutboxStatus.Pending;
        entry.LastError = reason;
        entry.NextAttemptAt = now + Backoff(entry.Attempts);
        entry.Message.State = entry.UncertainSince is null ? DeliveryState.Pending : DeliveryState.Uncertain;
    }

    private static void Fail(OutboxEntry entry, string reason)
    {
        entry.Status = OutboxStatus.Failed;
        entry.LastError = reason;
        entry.Message.State = DeliveryState.Failed;
        entry.Message.FailureReason = reason;
    }
}

/// <summary>Wakes the outbox sender when a message was queued.</summary>
public sealed class OutboxSignal
{
    public WorkSignal Queued { get; } = new();
}

/// <summary>Agent actions on the outbox.</summary>
public sealed class OutboxActions(IDbWriter writer, OutboxSignal signal, ConversationBus bus, TimeProvider clock)
{
    /// <summary>Queues a failed message again; only for whoever may act on its conversation.</summary>
    public async Task<Outcome> RetryAsync(long messageId, Viewer viewer, CancellationToken ct = default)
    {
        var (outcome, conversationId) = await writer.WriteAsync<(Outcome, long?)>(async (db, token) =>
        {
            var conversationId = await db.Messages.Where(m => m.Id == messageId).Select(m => (long?)m.ConversationId).SingleOrDefaultAsync(token);
            if (conversationId is null || !await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanAct(viewer), token))
                return (Outcome.NotAllowed, null);
            var requeued = await db.Outbox.Where(e => e.MessageId == messageId && e.Status == OutboxStatus.Failed)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, OutboxStatus.Pending)
                    .SetProperty(e => e.Attempts, 0)
                    .SetProperty(e => e.NextAttemptAt, clock.GetUtcNow().UtcDateTime), token);
            if (requeued == 0) return (Outcome.NotApplicable, null);
            await db.Messages.Where(m => m.Id == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, DeliveryState.Pending).SetProperty(m => m.FailureReason, (string?)null), token);
            return (Outcome.Done, conversationId);
        }, ct);
        if (outcome != Outcome.Done) return outcome;
        signal.Queued.Notify();
        await bus.PublishAsync(new ConversationChanged(conversationId!.Value, ConversationChange.DeliveryStateChanged, viewer.UserId));
        return Outcome.Done;
    }
}
