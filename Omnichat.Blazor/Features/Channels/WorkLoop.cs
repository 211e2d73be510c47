namespace Omnichat.Blazor.Features.Channels;

/// <summary>A wake-up call for a background worker: many notifications before it wakes count as one.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the worker will look once for all of it.
        }
    }

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Runs a batch job until the host stops: again at once while batches come back full, otherwise after a signal or the
/// idle interval (which also picks up work left by a crash). A failing batch is logged and tried again shortly.
/// </summary>
public static class WorkLoop
{
    /// <param name="fullBatch">How much one batch takes at most.</param>
    /// <param name="gather">
    /// After a batch that was not full, how long to let work gather before the next: under a steady trickle, fewer and
    /// larger batches cost the one writer far less than one tiny batch per arrival.
    /// </param>
    public static async Task RunAsync(Func<CancellationToken, Task<int>> batch, WorkSignal signal, TimeSpan idle,
        TimeProvider clock, ILogger logger, CancellationToken stoppingToken, int fullBatch = int.MaxValue, TimeSpan gather = default)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = await batch(stoppingToken);
                if (done == 0) await signal.WaitAsync(idle, stoppingToken);
                else if (done < fullBatch && gather > TimeSpan.Zero) await Task.Delay(gather, clock, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "A background batch failed; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }
    }
}
