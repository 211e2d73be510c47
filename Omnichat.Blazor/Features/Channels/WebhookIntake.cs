using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// The front door every provider webhook shares: the channel comes from memory (<see cref="ChannelDirectory"/>), and
/// an address that keeps guessing keys nobody configured is told to slow down.
/// </summary>
public sealed class WebhookIntake(ChannelDirectory channels, TimeProvider clock, ILogger<WebhookIntake> logger)
{
    /// <summary>How often one channel's refused signatures are logged: enough to see the cause, not a flood.</summary>
    public static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, DateTimeOffset> lastRefusalLogged = new();

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

    /// <summary>The channel with <paramref name="key"/> when <paramref name="provider"/> carries it; otherwise what to answer.</summary>
    public async Task<(KnownChannel? Channel, IResult? Refusal)> FindAsync(string key, ChannelProvider provider, HttpContext context)
    {
        var channel = await channels.FindAsync(key, context.RequestAborted);
        if (channel is null)
        {
            using var allowance = unknownKeys.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "");
            return (null, allowance.IsAcquired ? Unknown : TooManyGuesses);
        }
        return channel.Account.Provider == provider ? (channel, null) : (null, Unknown);
    }

    /// <summary>
    /// Logs, at most once a minute per channel, the address a refused signature was checked against. Behind a proxy
    /// without <c>Omnichat:PublicBaseUrl</c> that is the address this process sees, not the one the provider signed,
    /// and seeing the two side by side is how an admin finds the mismatch.
    /// </summary>
    public void NoteRefusedSignature(KnownChannel channel, string checkedUrl)
    {
        var now = clock.GetUtcNow();
        var last = lastRefusalLogged.GetValueOrDefault(channel.Account.Id, DateTimeOffset.MinValue);
        if (now - last < RefusalLogInterval || !lastRefusalLogged.TryUpdate(channel.Account.Id, now, last) && !lastRefusalLogged.TryAdd(channel.Account.Id, now)) return;
        logger.LogWarning("Refused a webhook for channel {ChannelKey}: its signature does not match {CheckedUrl}. If the provider calls another address "
            + "(a proxy, HTTPS in front), set Omnichat:PublicBaseUrl to it. Further refusals for this channel are not logged for a minute.",
            channel.Account.Key, checkedUrl);
    }

    /// <summary>
    /// Reads a form body of at most <paramref name="maxBytes"/>. A larger body is refused with 413 before it is read whole;
    /// a body cut short (the client hung up) with 400: either way the provider is told, and nothing is logged as a fault.
    /// </summary>
    public static async Task<(Dictionary<string, string>? Fields, IResult? Refusal)> ReadFormAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        LimitBody(context, maxBytes);
        if (!request.HasFormContentType) return ([], null);
        try
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            return (form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), null);
        }
        catch (Exception ex) when (Refusal(ex, maxBytes) is { } refusal)
        {
            return (null, refusal);
        }
    }

    /// <summary>
    /// Reads a body of at most <paramref name="maxBytes"/> exactly as sent, for providers that sign the raw bytes (Meta);
    /// refused like <see cref="ReadFormAsync"/>.
    /// </summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadBodyAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        LimitBody(context, maxBytes);
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            // The server enforces the limit while reading; this covers a server that cannot (the in-memory test host).
            return body.Length > maxBytes ? (null, TooLarge(maxBytes)) : (body.ToArray(), null);
        }
        catch (Exception ex) when (Refusal(ex, maxBytes) is { } refusal)
        {
            return (null, refusal);
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Results.Text($"Refused: a webhook body is at most {maxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static void LimitBody(HttpContext context, int maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
    }

    /// <summary>A body too large (413) or cut short by a client that hung up (400): the provider is told, nothing is logged as a fault.</summary>
    private static IResult? Refusal(Exception ex, int maxBytes) => ex switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(maxBytes),
        BadHttpRequestException or InvalidDataException or IOException or OperationCanceledException =>
            Results.Text("Refused: the request body is incomplete or malformed.", statusCode: StatusCodes.Status400BadRequest),
        _ => null,
    };
}
