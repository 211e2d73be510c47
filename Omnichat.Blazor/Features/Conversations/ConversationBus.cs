namespace Omnichat.Blazor.Features.Conversations;

public enum ConversationChange
{
    Created,
    MessageAdded,
    /// <summary>Files arrived for a message already announced (provider media, visitor uploads).</summary>
    AttachmentsAdded,
    DeliveryStateChanged,
    Claimed,
    Transferred,
    OfferWidened,
    StatusChanged,
    Deleted,
    /// <summary>The conversation's contact was named or saved; lists and headers show the new name.</summary>
    ContactChanged,
}

public sealed record ConversationChanged(long ConversationId, ConversationChange Change, string? ActorId = null);

/// <summary>
/// In-process publish/subscribe for committed conversation changes. A change carries ids only; every subscriber reads
/// what it shows through <see cref="ConversationAccess"/>, so a change never leaks to someone who may not see it.
/// </summary>
public sealed class ConversationBus(ILogger<ConversationBus> logger)
{
    private readonly Lock gate = new();
    private volatile Func<ConversationChanged, Task>[] handlers = [];

    public IDisposable Subscribe(Func<ConversationChanged, Task> handler)
    {
        lock (gate) handlers = [.. handlers, handler];
        return new Subscription(this, handler);
    }

    /// <summary>
    /// For components: <paramref name="handler"/> (typically a circuit's InvokeAsync) runs for the changes that
    /// <paramref name="concerns"/> it, without the publisher waiting for that browser to update.
    /// </summary>
    public IDisposable SubscribeDetached(Func<ConversationChanged, bool> concerns, Func<ConversationChanged, Task> handler) =>
        Subscribe(change =>
        {
            if (concerns(change)) _ = RunDetachedAsync(handler, change);
            return Task.CompletedTask;
        });

    private async Task RunDetachedAsync(Func<ConversationChanged, Task> handler, ConversationChanged change)
    {
        try
        {
            await handler(change);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A detached subscriber failed to handle {Change} of conversation {Id}", change.Change, change.ConversationId);
        }
    }

    public async Task PublishAsync(ConversationChanged change)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await handler(change);
            }
            catch (Exception ex)
            {
                // One broken subscriber must not keep the change from the others.
                logger.LogWarning(ex, "A subscriber failed to handle {Change} of conversation {Id}", change.Change, change.ConversationId);
            }
        }
    }

    private void Unsubscribe(Func<ConversationChanged, Task> handler)
    {
        lock (gate) handlers = [.. handlers.Where(h => h != handler)];
    }

    private sealed class Subscription(ConversationBus bus, Func<ConversationChanged, Task> handler) : IDisposable
    {
        public void Dispose() => bus.Unsubscribe(handler);
    }
}
