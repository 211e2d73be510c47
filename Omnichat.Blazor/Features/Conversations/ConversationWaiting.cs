using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// Pending and snoozed: the owner sets an open conversation to wait for the customer, or until a time. It leaves the
/// "needs reply" views and comes back as open on the customer's next message (<see cref="CustomerWrote"/>, inside the
/// intake's write) or when its snooze time comes (<see cref="WakeDueAsync"/>, run by <see cref="SnoozeWorker"/>),
/// whichever is first, each with an audit line. Every change is one conditional UPDATE on the <see cref="IDbWriter"/>,
/// so a customer's message and the snooze's end in the same instant bring it back once.
/// </summary>
public sealed class ConversationWaiting(IDbWriter writer, ConversationBus bus, SnoozeAlarm alarm, TimeProvider clock)
{
    /// <summary>The furthest ahead a snooze may be set.</summary>
    public static readonly TimeSpan LongestSnooze = TimeSpan.FromDays(365);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Waits for the customer: back to open on their next message.</summary>
    public Task<Outcome> MarkPendingAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        SetAsync(conversationId, viewer, ConversationRules.MayWait(viewer), WaitingState.Pending, null, ConversationEventKind.MarkedPending, ct);

    /// <summary>
    /// Snoozes until <paramref name="untilUtc"/>, or the customer's next message. A time already past, or more than
    /// <see cref="LongestSnooze"/> ahead, is refused as <see cref="Outcome.NotApplicable"/>.
    /// </summary>
    public async Task<Outcome> SnoozeAsync(long conversationId, Viewer viewer, DateTime untilUtc, CancellationToken ct = default)
    {
        if (!IsValidSnooze(untilUtc, Now)) return Outcome.NotApplicable;
        var outcome = await SetAsync(conversationId, viewer, ConversationRules.MayWait(viewer), WaitingState.Snoozed, untilUtc, ConversationEventKind.Snoozed, ct);
        // The worker may be asleep until a later snooze, or none.
        if (outcome == Outcome.Done) alarm.Rearm();
        return outcome;
    }

    /// <summary>A time to come, at most <see cref="LongestSnooze"/> ahead.</summary>
    public static bool IsValidSnooze(DateTime untilUtc, DateTime nowUtc) => untilUtc > nowUtc && untilUtc <= nowUtc + LongestSnooze;

    /// <summary>Ends the waiting by hand: open and in the "needs reply" views again.</summary>
    public Task<Outcome> ReopenAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        SetAsync(conversationId, viewer, ConversationRules.MayReopen(viewer), WaitingState.None, null, ConversationEventKind.Reopened, ct);

    /// <summary>
    /// Brings back every conversation whose snooze time has come, in one write, and tells the consoles. Returns when the
    /// next snooze is due, if any.
    /// </summary>
    public async Task<DateTime?> WakeDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        var (woken, next) = await writer.WriteAsync<(List<long>, DateTime?)>(async (db, token) =>
        {
            Expression<Func<Conversation, bool>> due = c => c.Waiting == WaitingState.Snoozed && c.SnoozedUntil <= now;
            var ids = await db.Conversations.Where(due).Select(c => c.Id).ToListAsync(token);
            if (ids.Count > 0)
            {
                await db.Conversations.Where(due).Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => EndWaiting(s), token);
                db.ConversationEvents.AddRange(ids.Select(id => new ConversationEvent { ConversationId = id, Kind = ConversationEventKind.SnoozeEnded, At = now }));
                await db.SaveChangesAsync(token);
            }
            var nextDue = await db.Conversations.Where(c => c.Waiting == WaitingState.Snoozed).MinAsync(c => c.SnoozedUntil, token);
            return (ids, nextDue);
        }, ct);
        foreach (var id in woken) await bus.PublishAsync(new ConversationChanged(id, ConversationChange.SnoozeEnded));
        return next;
    }

    /// <summary>Inside the intake's write: the customer wrote, so a pending or snoozed conversation needs a reply again.</summary>
    public static void CustomerWrote(Conversation conversation, DateTime now)
    {
        if (conversation.Waiting == WaitingState.None) return;
        conversation.Waiting = WaitingState.None;
        conversation.SnoozedUntil = null;
        conversation.AddEvent(ConversationEventKind.ReopenedByCustomer, now);
    }

    /// <summary>Adds "waits for nothing" to an UPDATE: for closing, deleting or handing over a conversation too.</summary>
    public static UpdateSettersBuilder<Conversation> EndWaiting(UpdateSettersBuilder<Conversation> update) =>
        update.SetProperty(c => c.Waiting, WaitingState.None).SetProperty(c => c.SnoozedUntil, (DateTime?)null);

    private async Task<Outcome> SetAsync(long conversationId, Viewer viewer, Expression<Func<Conversation, bool>> rule, WaitingState waiting,
        DateTime? until, ConversationEventKind eventKind, CancellationToken ct)
    {
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            var updated = await db.Conversations.Where(c => c.Id == conversationId).Where(rule)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Waiting, waiting).SetProperty(c => c.SnoozedUntil, until), token);
            if (updated == 0)
            {
                var mayAct = await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanAct(viewer), token);
                return mayAct ? Outcome.NotApplicable : await ConversationLifecycle.ExplainRefusalAsync(db, conversationId, viewer, token);
            }
            db.ConversationEvents.Add(new ConversationEvent
            {
                ConversationId = conversationId, Kind = eventKind, ActorId = viewer.UserId, At = Now, Until = until,
            });
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.StatusChanged, viewer.UserId));
        return outcome;
    }
}

/// <summary>Wakes the <see cref="SnoozeWorker"/> when a snooze is set, so it sleeps until the earliest one.</summary>
public sealed class SnoozeAlarm
{
    private readonly WorkSignal signal = new();

    public void Rearm() => signal.Notify();

    /// <summary>Sleeps until <paramref name="wakeAtUtc"/> on <paramref name="clock"/>, or until re-armed, whichever is first.</summary>
    public async Task SleepUntilAsync(DateTime wakeAtUtc, TimeProvider clock, CancellationToken ct)
    {
        using var awake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var rearmed = signal.WaitAsync(Timeout.InfiniteTimeSpan, awake.Token);
        var delay = wakeAtUtc - clock.GetUtcNow().UtcDateTime;
        if (delay > TimeSpan.Zero)
        {
            var due = Task.Delay(delay, clock, awake.Token);
            // The clock may have moved on while the timer was set (a test's fake clock jumps): then it is due already.
            if (clock.GetUtcNow().UtcDateTime < wakeAtUtc) await Task.WhenAny(rearmed, due);
        }
        await awake.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>Brings snoozed conversations back at their time: asleep until the next one is due, not polling.</summary>
public sealed class SnoozeWorker(ConversationWaiting waiting, SnoozeAlarm alarm, TimeProvider clock, ILogger<SnoozeWorker> logger) : BackgroundService
{
    // With nothing due for long it still looks now and then, in case the system clock was set (timers run on elapsed time).
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var latest = clock.GetUtcNow().UtcDateTime + LongestSleep;
            DateTime wakeAt;
            try
            {
                var next = await waiting.WakeDueAsync(stoppingToken);
                wakeAt = next is { } due && due < latest ? due : latest;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Bringing back snoozed conversations failed; trying again shortly");
                wakeAt = clock.GetUtcNow().UtcDateTime.AddSeconds(5);
            }
            await alarm.SleepUntilAsync(wakeAt, clock, stoppingToken);
        }
    }
}
