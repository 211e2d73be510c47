using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;

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

    /// <summary>
    /// Reads a form body of at most <paramref name="maxBytes"/>. A larger body is refused with 413 before it is read whole;
    /// a body cut short (the client hung up) with 400: either way the provider is told, and nothing is logged as a fault.
    /// </summary>
    public static async Task<(Dictionary<string, string>? Fields, IResult? Refusal)> ReadFormAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        var tooLarge = Results.Text($"Refused: a webhook body is at most {maxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (request.ContentLength > maxBytes) return (null, tooLarge);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        if (!request.HasFormContentType) return ([], null);
        try
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            return (form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException or OperationCanceledException)
        {
            return (null, Results.Text("Refused: the request body is incomplete or malformed.", statusCode: StatusCodes.Status400BadRequest));
        }
    }
}
