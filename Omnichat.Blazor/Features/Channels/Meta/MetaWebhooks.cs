using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>
/// Meta's webhook for Messenger pages and WhatsApp Cloud API numbers: the verification handshake, and event batches
/// verified with the app secret and stored, every update on its own, before they are answered.
/// <see cref="MetaInboundParser"/> reads them later.
/// </summary>
public static class MetaWebhooks
{
    /// <summary>Meta's batches (up to 1,000 updates) stay well under this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    // A body keeps the status-code pages from replacing the answer with an HTML page.
    private static readonly IResult SignatureRefused =
        Results.Text($"Refused: {MetaSignature.Header} does not match this body and channel.", statusCode: StatusCodes.Status403Forbidden);
    private static readonly IResult HandshakeRefused =
        Results.Text("Refused: hub.mode or hub.verify_token does not match this channel.", statusCode: StatusCodes.Status403Forbidden);

    public static IEndpointRouteBuilder MapMetaWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var meta = endpoints.MapGroup("/webhooks/meta/{channelKey}").DisableAntiforgery().AllowAnonymous();
        meta.MapGet("", VerifyAsync);
        meta.MapPost("", ReceiveAsync);
        return endpoints;
    }

    /// <summary>Meta's app dashboard calls this once when the callback URL is saved, and expects the challenge back.</summary>
    private static async Task<IResult> VerifyAsync(string channelKey, HttpContext context, WebhookIntake intake)
    {
        var (channel, refusal) = await intake.FindAsync(channelKey, ChannelProvider.Meta, context);
        if (channel is null) return refusal!;
        var query = context.Request.Query;
        var expected = Encoding.UTF8.GetBytes(channel.Account.VerifyToken ?? "");
        var given = Encoding.UTF8.GetBytes(query["hub.verify_token"].ToString());
        var verified = query["hub.mode"] == "subscribe" && expected.Length > 0 && CryptographicOperations.FixedTimeEquals(expected, given);
        return verified ? Results.Text(query["hub.challenge"].ToString(), "text/plain") : HandshakeRefused;
    }

    private static async Task<IResult> ReceiveAsync(string channelKey, HttpContext context, WebhookIntake intake, InboundEvents inbound, ILoggerFactory logs)
    {
        // The channel first: a request for a key nobody configured costs no body read and no signature check.
        var (channel, refusal) = await intake.FindAsync(channelKey, ChannelProvider.Meta, context);
        if (channel is null) return refusal!;

        var (body, bodyRefusal) = await WebhookIntake.ReadBodyAsync(context, MaxBodyBytes);
        if (body is null) return bodyRefusal!;
        if (!MetaSignature.IsValid(channel.AppSecret, body, context.Request.Headers[MetaSignature.Header])) return SignatureRefused;

        List<MetaUpdate> updates;
        int skipped;
        try
        {
            using var document = JsonDocument.Parse(body);
            updates = MetaBatch.Split(channel.Account, document.RootElement, out skipped);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Results.Text("Refused: the body is not a Meta webhook event.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (skipped > 0)
            logs.CreateLogger(typeof(MetaWebhooks)).LogWarning(
                "Channel {Key} did not store {Count} webhook entries for another page or number of the same Meta app",
                channel.Account.Key, skipped);

        // Answered only once every update is durable: otherwise Meta delivers the batch again.
        await Task.WhenAll(updates.Select(u => inbound.StoreAsync(channel.Id, u.Kind, u.Key, u.Payload)));
        return Results.Text("EVENT_RECEIVED", "text/plain");
    }
}
