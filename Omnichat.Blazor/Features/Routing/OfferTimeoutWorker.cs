

namespace Omnichat.Blazor.Features.Routing;

/// <summary>Widens unclaimed offers to the whole queue once the queue's offer timeout has passed.</summary>
public sealed class OfferTimeoutWorker(OfferWidening widening, TimeProvider clock, ILogger<OfferTimeoutWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await widening.WidenExpiredOffersAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Widening expired offers failed; trying again in {Interval}", Interval);
            }
        }
    }
}
