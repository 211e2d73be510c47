using System.Threading.Channels;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>A committed change with the conversation as it is now; null when it no longer exists.</summary>
public sealed record ConversationUpdate(ConversationChanged Change, ConversationSnapshot? Conversation)
{
    public long ConversationId => Change.ConversationId;

    /// <summary>
    /// Someone may have lost the conversation from a list (taken, transferred, closed, archived, deleted, left, offered to
    /// someone else). Who did is no longer in the snapshot, so every view showing it, or about to, must hear of it.
    /// </summary>
    public bool MayHide => Change.Change is ConversationChange.Claimed or ConversationChange.Transferred
        or ConversationChange.StatusChanged or ConversationChange.Deleted or ConversationChange.MembersChanged or ConversationChange.Reoffered;
}

/// <summary>
/// Reads each committed change once for all consoles and streams, off the publisher's path, and hands every subscriber
/// the same <see cref="ConversationUpdate"/>: each decides in memory, with <see cref="ConversationAccessInMemory"/>,
/// whether it concerns it. Under a burst, the changes waiting are read together in one query.
/// </summary>
public sealed class ConversationFanOut : IDisposable
{
    private const int MaxBatch = 256;

    private readonly InboxQuery inbox;
    private readonly ILogger<ConversationFanOut> logger;
    private readonly Broadcast<ConversationUpdate> updates;
    private readonly Channel<ConversationChanged> pending = Channel.CreateUnbounded<ConversationChanged>(new() { SingleReader = true });
    private readonly IDisposable subscription;
    private readonly CancellationTokenSource stopping = new();

    public ConversationFanOut(ConversationBus bus, InboxQuery inbox, ILogger<ConversationFanOut> logger)
    {
        this.inbox = inbox;
        this.logger = logger;
        updates = new Broadcast<ConversationUpdate>(logger);
        subscription = bus.Subscribe(change =>
        {
            if (updates.HasSubscribers) pending.Writer.TryWrite(change);
        });
        _ = Task.Run(() => RunAsync(stopping.Token));
    }

    public IDisposable Subscribe(Action<ConversationUpdate> handler) => updates.Subscribe(handler);

    public IDisposable Subscribe(Func<ConversationUpdate, Task> handler) => updates.Subscribe(handler);

    private async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<ConversationChanged>();
        try
        {
            while (await pending.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < MaxBatch && pending.Reader.TryRead(out var change)) batch.Add(change);
                try
                {
                    var now = await inbox.SnapshotsAsync(batch.Select(c => c.ConversationId).Distinct().ToList(), ct);
                    foreach (var change in batch) await updates.PublishAsync(new ConversationUpdate(change, now.GetValueOrDefault(change.ConversationId)));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Could not read {Count} changed conversations for the open consoles", batch.Count);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public void Dispose()
    {
        subscription.Dispose();
        pending.Writer.TryComplete();
        stopping.Cancel();
    }
}
