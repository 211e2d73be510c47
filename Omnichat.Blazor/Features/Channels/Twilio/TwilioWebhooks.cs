namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>
/// Twilio's incoming-message webhook and status callback, both verified with the channel's auth token and stored
/// durably before they are answered. <see cref="TwilioInboundParser"/> reads them later.
/// </summary>
public static class TwilioWebhooks
{
    /// <summary>Twilio's webhooks are small form posts; anything larger is not Twilio.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    // Twilio logs error 11200 for an empty 200; an empty TwiML response means "no automatic reply".
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    // A body keeps the status-code pages from replacing the answer with an HTML page.
    private static readonly IResult SignatureRefused =
        Results.Text("Refused: X-Twilio-Signature does not match this request and channel.", statusCode: StatusCodes.Status403Forbidden);

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var twilio = endpoints.MapGroup("/webhooks/twilio/{channelKey}").DisableAntiforgery().AllowAnonymous();
        twilio.MapPost("", (string channelKey, HttpContext context, WebhookIntake intake, InboundEvents inbound, PublicUrls urls) =>
            ReceiveAsync(InboundEventKind.Message, channelKey, context, intake, inbound, urls));
        twilio.MapPost("/status", (string channelKey, HttpContext context, WebhookIntake intake, InboundEvents inbound, PublicUrls urls) =>
            ReceiveAsync(InboundEventKind.Status, channelKey, context, intake, inbound, urls));
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(InboundEventKind kind, string channelKey, HttpContext context, WebhookIntake intake,
        InboundEvents inbound, PublicUrls urls)
    {
        // The channel first: a request for a key nobody configured costs no body read and no signature check.
        var (channel, refusal) = await intake.FindAsync(channelKey, ChannelProvider.Twilio, context);
        if (channel is null) return refusal!;

        var (fields, bodyRefusal) = await WebhookIntake.ReadFormAsync(context, MaxBodyBytes);
        if (fields is null) return bodyRefusal!;

        var request = context.Request;
        var checkedUrl = urls.Of(request);
        var signed = TwilioSignature.IsValid(channel.Secret, checkedUrl, fields,
            request.Headers[TwilioSignature.Header], request.Headers[global::Twilio.Security.RequestValidator.SignatureSettingsHeader]);
        if (!signed)
        {
            intake.NoteRefusedSignature(channel, checkedUrl);
            return SignatureRefused;
        }
        if (TwilioInbound.MessageSid(fields) is not { Length: > 0 } sid) return Results.BadRequest("MessageSid is missing.");

        var eventId = kind == InboundEventKind.Status
            ? InboundEvents.StatusKey(sid, fields.GetValueOrDefault("MessageStatus") ?? fields.GetValueOrDefault("SmsStatus") ?? "")
            : sid;
        await inbound.StoreAsync(channel.Id, kind, eventId, fields);
        return kind == InboundEventKind.Status ? Results.NoContent() : Results.Content(EmptyTwiml, "text/xml");
    }
}
