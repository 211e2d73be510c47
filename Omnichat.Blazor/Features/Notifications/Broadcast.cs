namespace Omnichat.Blazor.Features.Notifications;

/// <summary>
/// In-process publish/subscribe of one kind of message, the app's one push pattern: a subscription is an
/// <see cref="IDisposable"/>, and one broken subscriber never keeps a message from the others.
/// </summary>
public class Broadcast<T>(ILogger logger)
{
    private readonly Lock gate = new();
    private volatile Func<T, Task>[] handlers = [];

    /// <summary>Lets a publisher skip the work of a message nobody hears.</summary>
    public bool HasSubscribers => handlers.Length > 0;

    public IDisposable Subscribe(Func<T, Task> handler)
    {
        lock (gate) handlers = [.. handlers, handler];
        return new Subscription(this, handler);
    }

    public IDisposable Subscribe(Action<T> handler) => Subscribe(message =>
    {
        handler(message);
        return Task.CompletedTask;
    });

    public async Task PublishAsync(T message)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await handler(message);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A subscriber failed to handle {Message}", message);
            }
        }
    }

    private void Unsubscribe(Func<T, Task> handler)
    {
        lock (gate) handlers = [.. handlers.Where(h => h != handler)];
    }

    private sealed class Subscription(Broadcast<T> broadcast, Func<T, Task> handler) : IDisposable
    {
        public void Dispose() => broadcast.Unsubscribe(handler);
    }
}
