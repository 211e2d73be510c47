using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// Turns stored webhook events into messages and delivery states, many per transaction, through each channel's
/// <see cref="IInboundParser"/>. An attempt is counted before the work; an event that keeps failing waits longer each
/// time and, after <see cref="MaxAttempts"/>, is set aside for an admin (Failed events). Files are fetched outside the
/// write, a few at a time, so a slow download holds up nothing else.
/// </summary>
public sealed class InboundProcessor(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    IDbWriter writer,
    InboundEvents events,
    ChannelDirectory channels,
    IEnumerable<IInboundParser> parsers,
    ConversationIntake intake,
    ConversationBus bus,
    TimeProvider clock,
    ILogger<InboundProcessor> logger) : BackgroundService
{
    public const int MaxAttempts = 5;
    public const int BatchSize = 500;

    /// <summary>
    /// The batch while webhooks keep arriving: each is answered only after its commit, and a long processing write
    /// would hold that commit up. A backlog with nothing arriving is worked off in full batches.
    /// </summary>
    public const int BusyBatchSize = 100;

    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(250);
    public const int MaxConcurrentDownloads = 4;

    /// <summary>How long a trickle of events may gather into one batch: far below what an agent notices.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a delivery status may wait for the outbox to record the message it speaks of.</summary>
    public static readonly TimeSpan StatusWait = TimeSpan.FromHours(1);

    /// <summary>How often a waiting status looks again, in case nothing wakes it sooner.</summary>
    private static readonly TimeSpan StatusRetry = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim downloadSlots = new(MaxConcurrentDownloads);
    private readonly ConcurrentDictionary<long, Task> downloads = new();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Wait before try number <paramref name="attempts"/> + 1: 5 s, 15 s, 45 s, … at most 10 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(3, Math.Max(0, attempts - 1))));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WorkLoop.RunAsync(ProcessPendingAsync, events.Stored, TimeSpan.FromSeconds(5), clock, logger, stoppingToken, BatchSize, Gather);
        await DownloadsSettledAsync();
    }

    /// <summary>Completes when every file download started so far has ended.</summary>
    public Task DownloadsSettledAsync() => Task.WhenAll(downloads.Values);

    /// <summary>Processes one batch of due events and starts their downloads. Returns how many events it took.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct = default)
    {
        var now = Now;
        var downloading = downloads.Keys.ToList();
        var take = clock.GetUtcNow() - events.LastStoredAt < Busy ? BusyBatchSize : BatchSize;
        List<InboundEvent> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.InboundEvents.AsNoTracking()
                .Where(e => e.ProcessedAt == null && e.DeadLetteredAt == null && e.NextAttemptAt <= now && !downloading.Contains(e.Id))
                .OrderBy(e => e.Id)
                .Take(take)
                .ToListAsync(ct);
        }
        if (due.Count == 0) return 0;

        // Counted before the work: an event that brings the process down is not first in line for ever.
        var ids = due.Select(e => e.Id).ToList();
        await writer.WriteAsync((db, token) => db.InboundEvents.Where(e => ids.Contains(e.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1), token), ct);
        due.ForEach(e => e.Attempts++);

        var failures = new List<(InboundEvent Event, Exception Error)>();
        var parsed = new List<Parsed>(due.Count);
        foreach (var stored in due)
        {
            try
            {
                parsed.Add(await ParseAsync(stored, ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failures.Add((stored, ex));
            }
        }

        var applied = await ApplyAsync(parsed, failures, ct);
        await RecordFailuresAsync(failures, ct);
        await intake.PublishAsync(applied.Select(a => a.Received).OfType<InboundResult>());
        foreach (var conversationId in applied.SelectMany(a => a.StatusOf).Distinct())
            await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.DeliveryStateChanged));
        foreach (var item in applied.Where(a => a.NeedsFiles)) StartDownload(item, ct);
        return due.Count;
    }

    private async Task<Parsed> ParseAsync(InboundEvent stored, CancellationToken ct)
    {
        var channel = await channels.FindAsync(stored.ChannelAccountId, ct)
                      ?? throw new InvalidOperationException($"Channel account {stored.ChannelAccountId} no longer exists.");
        var parser = parsers.FirstOrDefault(p => p.Handles(channel.Account))
                     ?? throw new InvalidOperationException($"No inbound parser for {channel.Kind} through {channel.Account.Provider}.");
        return new Parsed(stored, channel, parser, parser.Parse(channel, stored));
    }

    /// <summary>Applies the whole batch in one write; when that fails, each event on its own, so one bad event stops no other.</summary>
    private async Task<List<Applied>> ApplyAsync(List<Parsed> parsed, List<(InboundEvent, Exception)> failures, CancellationToken ct)
    {
        if (parsed.Count == 0) return [];
        try
        {
            return await writer.WriteAsync((db, token) => ApplyAsync(db, parsed, token), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && parsed.Count > 1)
        {
            logger.LogWarning(ex, "A batch of {Count} inbound events failed; applying them one by one", parsed.Count);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            failures.Add((parsed[0].Event, ex));
            return [];
        }

        var applied = new List<Applied>();
        foreach (var single in parsed)
        {
            try
            {
                applied.AddRange(await writer.WriteAsync((db, token) => ApplyAsync(db, [single], token), ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failures.Add((single.Event, ex));
            }
        }
        return applied;
    }

    private async Task<List<Applied>> ApplyAsync(OmnichatDbContext db, IReadOnlyList<Parsed> batch, CancellationToken ct)
    {
        var now = Now;
        var messages = batch.Where(p => p.Item is InboundItem.CustomerMessage).ToList();
        var received = await intake.AddAsync(db, messages.Select(p => ((InboundItem.CustomerMessage)p.Item).Message).ToList(), ct);
        var applied = messages.Select((p, i) => new Applied(p, received[i], [],
            NeedsFiles: ((InboundItem.CustomerMessage)p.Item).Message.HasAttachments)).ToList();

        var waiting = new List<long>();
        foreach (var status in batch.Where(p => p.Item is InboundItem.StatusUpdate))
        {
            var update = (InboundItem.StatusUpdate)status.Item;
            var result = await DeliveryStates.ApplyAsync(db, status.Channel.Id, update.ProviderMessageId, update.State, update.FailureReason, ct);
            if (result.Found || now - status.Event.ReceivedAt > StatusWait)
                applied.Add(new Applied(status, null, result.Changed ? [result.ConversationId!.Value] : [], NeedsFiles: false));
            else
                waiting.Add(status.Event.Id);
        }
        foreach (var receipt in batch.Where(p => p.Item is InboundItem.Watermark))
        {
            var mark = (InboundItem.Watermark)receipt.Item;
            var changed = await DeliveryStates.ApplyUpToAsync(db, receipt.Channel.Id, mark.IdentityKind, mark.CustomerAddress, mark.State, mark.Until, ct);
            applied.Add(new Applied(receipt, null, changed, NeedsFiles: false));
        }

        await MarkProcessedAsync(db, applied.Where(a => !a.NeedsFiles).Select(a => a.Source.Event.Id).ToList(), now, ct);
        // The outbox records the provider's id after the provider answered; a quick status callback can beat it.
        // Waiting is not failing: the attempt is given back, and the outbox wakes these when it records an id.
        await db.InboundEvents.Where(e => waiting.Contains(e.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.NextAttemptAt, now + StatusRetry), ct);
        return applied;
    }

    private static Task<int> MarkProcessedAsync(OmnichatDbContext db, IReadOnlyCollection<long> eventIds, DateTime now, CancellationToken ct) =>
        db.InboundEvents.Where(e => eventIds.Contains(e.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now).SetProperty(e => e.LastError, (string?)null), ct);

    private void StartDownload(Applied item, CancellationToken ct)
    {
        var stored = item.Source.Event;
        downloads[stored.Id] = Task.Run(async () =>
        {
            try
            {
                await downloadSlots.WaitAsync(ct);
                try
                {
                    await item.Source.Parser.FetchMediaAsync(item.Source.Channel, stored, item.Received!, ct);
                }
                finally
                {
                    downloadSlots.Release();
                }
                await writer.WriteAsync((db, token) => MarkProcessedAsync(db, [stored.Id], Now, token), ct);
                await bus.PublishAsync(new ConversationChanged(item.Received!.ConversationId, ConversationChange.AttachmentsAdded));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                await RecordFailuresAsync([(stored, ex)], ct);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: the event stays unprocessed and its files are fetched after the restart.
            }
            finally
            {
                downloads.TryRemove(stored.Id, out _);
            }
        }, CancellationToken.None);
    }

    private async Task RecordFailuresAsync(List<(InboundEvent Event, Exception Error)> failures, CancellationToken ct)
    {
        if (failures.Count == 0) return;
        var now = Now;
        foreach (var (stored, error) in failures)
            logger.LogWarning(error, "Inbound event {Id} failed (attempt {Attempt} of {Max})", stored.Id, stored.Attempts, MaxAttempts);
        await writer.WriteAsync(async (db, token) =>
        {
            foreach (var (stored, error) in failures)
            {
                var deadLettered = stored.Attempts >= MaxAttempts ? now : (DateTime?)null;
                await db.InboundEvents.Where(e => e.Id == stored.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.LastError, Conversation.Clip(error.Message, 1000))
                    .SetProperty(e => e.NextAttemptAt, now + Backoff(stored.Attempts))
                    .SetProperty(e => e.DeadLetteredAt, deadLettered), token);
            }
        }, ct);
    }

    private sealed record Parsed(InboundEvent Event, KnownChannel Channel, IInboundParser Parser, InboundItem Item);

    /// <param name="StatusOf">The conversations whose messages changed state.</param>
    private sealed record Applied(Parsed Source, InboundResult? Received, IReadOnlyList<long> StatusOf, bool NeedsFiles);
}
