using System.Globalization;
using Omnichat.Blazor.Components;

namespace Omnichat.Blazor.Features.Notifications;

/// <summary>
/// What arrived since the last apply. <paramref name="Reload"/>: read everything again, because something may have been
/// missed (the first apply after subscribing) or a view asked for it.
/// </summary>
public sealed record LiveBatch<T>(IReadOnlyList<T> Items, bool Reload);

/// <summary>
/// The push side of one component, shared by every live view: it hears messages on any thread and applies them on
/// the component's circuit, in that circuit's language, one batch at a time and at most once per <see cref="Interval"/>
/// under bursts. <see cref="Start"/> subscribes first and then applies once, so nothing committed meanwhile is missed.
/// A browser that went away mid-update costs that update, never the circuit.
/// </summary>
public sealed class LiveUpdates<T> : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Func<Func<Task>, Task> invoke;
    private readonly Func<Exception, Task> fail;
    private readonly Func<LiveBatch<T>, Task> apply;
    private readonly TimeProvider clock;
    // Captured on the circuit: the thread that publishes runs in the language of whoever acted.
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;
    private readonly Lock gate = new();
    private List<T> pending = [];
    private bool requested;
    private bool running;
    private bool disposed;
    private long? lastRun;
    private IDisposable[] subscriptions = [];

    /// <param name="invoke">The component's InvokeAsync.</param>
    /// <param name="fail">The component's DispatchExceptionAsync.</param>
    /// <param name="apply">Applies what arrived since the last call and renders.</param>
    public LiveUpdates(Func<Func<Task>, Task> invoke, Func<Exception, Task> fail, Func<LiveBatch<T>, Task> apply, TimeProvider clock)
    {
        this.invoke = invoke;
        this.fail = fail;
        this.apply = apply;
        this.clock = clock;
    }

    /// <summary>Keeps the subscriptions until disposed, then applies once, reloading.</summary>
    public void Start(params IDisposable[] subscriptions)
    {
        lock (gate)
        {
            if (disposed)
            {
                foreach (var subscription in subscriptions) subscription.Dispose();
                return;
            }
            this.subscriptions = subscriptions;
        }
        Refresh();
    }

    /// <summary>Queues a message for the next batch. Never waits for the browser.</summary>
    public void Push(T message)
    {
        lock (gate)
        {
            if (disposed) return;
            pending.Add(message);
            if (running) return;
            running = true;
        }
        Schedule();
    }

    /// <summary>Asks for an apply that reloads.</summary>
    public void Refresh()
    {
        lock (gate)
        {
            if (disposed) return;
            requested = true;
            if (running) return;
            running = true;
        }
        Schedule();
    }

    // Unsafe: the publisher's execution context (its culture, its request) stays with the publisher.
    private void Schedule() => ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.RunAsync(), this, preferLocal: false);

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                var wait = lastRun is { } last ? Interval - clock.GetElapsedTime(last) : TimeSpan.Zero;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock);
                LiveBatch<T> batch;
                lock (gate)
                {
                    if (disposed) return;
                    batch = new LiveBatch<T>(pending, requested);
                    (pending, requested) = ([], false);
                }
                lastRun = clock.GetTimestamp();
                await invoke(() => ApplyAsync(batch));
                lock (gate)
                {
                    if (disposed || (pending.Count == 0 && !requested))
                    {
                        running = false;
                        return;
                    }
                }
            }
        }
        catch
        {
            // The next message starts a new run.
            lock (gate) running = false;
            throw;
        }
    }

    private async Task ApplyAsync(LiveBatch<T> batch)
    {
        if (disposed) return;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
        try
        {
            await apply(batch);
        }
        catch (Exception error) when (BrowserGone.Is(error))
        {
            // The tab closed or is reconnecting; the next update, or the reloaded page, shows the current state.
        }
        catch (Exception ex)
        {
            await fail(ex);
        }
    }

    public void Dispose()
    {
        IDisposable[] held;
        lock (gate)
        {
            disposed = true;
            (held, subscriptions) = (subscriptions, []);
        }
        foreach (var subscription in held) subscription.Dispose();
    }
}
