using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

/// <summary>
/// The visitors' open live-update streams, capped per visitor and per address: each one holds a connection and a
/// subscription for as long as it is open, so an address that opens them in a loop must be told no.
/// </summary>
public sealed class LiveChatStreams(IOptions<LiveChatOptions> options)
{
    private readonly PartitionedRateLimiter<string> perVisitor = Concurrency(() => options.Value.OpenStreamsPerVisitor);
    private readonly PartitionedRateLimiter<string> perAddress = Concurrency(() => options.Value.OpenStreamsPerIp);

    /// <summary>A hold on one more open stream, to dispose when it closes; null when the visitor or address has enough.</summary>
    public IDisposable? TryOpen(string visitorKey, string ip)
    {
        var visitor = perVisitor.AttemptAcquire(visitorKey);
        if (!visitor.IsAcquired)
        {
            visitor.Dispose();
            return null;
        }
        var address = perAddress.AttemptAcquire(ip);
        if (address.IsAcquired) return new Hold(visitor, address);
        address.Dispose();
        visitor.Dispose();
        return null;
    }

    private static PartitionedRateLimiter<string> Concurrency(Func<int> limit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key,
            _ => new ConcurrencyLimiterOptions { PermitLimit = limit(), QueueLimit = 0 }));

    private sealed class Hold(RateLimitLease visitor, RateLimitLease address) : IDisposable
    {
        public void Dispose()
        {
            address.Dispose();
            visitor.Dispose();
        }
    }
}
