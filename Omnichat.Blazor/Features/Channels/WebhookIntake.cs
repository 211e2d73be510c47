using System.Threading.RateLimiting;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// The front door every provider webhook shares: the channel comes from memory (<see cref="ChannelDirectory"/>), and
/// an address that keeps guessing keys nobody configured is told to slow down.
/// </summary>
public sealed class WebhookIntake(ChannelDirectory channels)
{
    public const int UnknownKeysPerMinute = 20;

    private static readonly IResult Unknown = Results.Text("No channel has this key.", statusCode: StatusCodes.Status404NotFound);
    private static readonly IResult TooManyGuesses = Results.Text("Too many requests for unknown channels.", statusCode: StatusCodes.Status429TooManyRequests);

    private readonly PartitionedRateLimiter<string> unknownKeys = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = UnknownKeysPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>The channel with <paramref name="key"/> when it is of one of <paramref name="kinds"/>; otherwise what to answer.</summary>
    public async Task<(KnownChannel? Channel, IResult? Refusal)> FindAsync(string key, IReadOnlyCollection<ChannelKind> kinds, HttpContext context)
    {
        var channel = await channels.FindAsync(key, context.RequestAborted);
        if (channel is null)
        {
            using var allowance = unknownKeys.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "");
            return (null, allowance.IsAcquired ? Unknown : TooManyGuesses);
        }
        return channel is not null && kinds.Contains(channel.Kind) ? (channel, null) : (null, Unknown);
    }
}
