using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>Twilio's incoming-message webhook and status callback, both verified with the account's auth token.</summary>
public static class TwilioWebhooks
{
    // Twilio logs error 11200 for an empty 200; an empty TwiML response means "no automatic reply".
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    // A body keeps the status-code pages from replacing the answer with an HTML page.
    private static readonly IResult SignatureRefused =
        Results.Text("Refused: X-Twilio-Signature does not match this request and channel.", statusCode: StatusCodes.Status403Forbidden);

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var twilio = endpoints.MapGroup("/webhooks/twilio/{channelKey}").DisableAntiforgery().AllowAnonymous();

        twilio.MapPost("", async (string channelKey, HttpRequest request, InboundEvents inbound, IDbContextFactory<OmnichatDbContext> dbFactory,
            ChannelSecrets secrets, PublicUrls urls, CancellationToken ct) =>
        {
            var (account, fields) = await VerifyAsync(channelKey, request, dbFactory, secrets, urls, ct);
            if (account is null) return SignatureRefused;
            if (TwilioInbound.MessageSid(fields) is not { Length: > 0 } sid) return Results.BadRequest("MessageSid is missing.");

            await inbound.StoreAsync(account.Id, sid, fields, ct);
            return Results.Content(EmptyTwiml, "text/xml");
        });

        twilio.MapPost("/status", async (string channelKey, HttpRequest request, DeliveryStates states, IDbContextFactory<OmnichatDbContext> dbFactory,
            ChannelSecrets secrets, PublicUrls urls, CancellationToken ct) =>
        {
            var (account, fields) = await VerifyAsync(channelKey, request, dbFactory, secrets, urls, ct);
            if (account is null) return SignatureRefused;
            if (TwilioInbound.MessageSid(fields) is not { Length: > 0 } sid) return Results.BadRequest("MessageSid is missing.");

            var status = fields.GetValueOrDefault("MessageStatus") ?? fields.GetValueOrDefault("SmsStatus") ?? "";
            var errorCode = fields.GetValueOrDefault("ErrorCode");
            await states.ApplyProviderStatusAsync(sid, TwilioStatus.ToState(status),
                errorCode is { Length: > 0 } ? TwilioStatus.Describe(errorCode, fields.GetValueOrDefault("ErrorMessage")) : null, ct);
            return Results.NoContent();
        });
        return endpoints;
    }

    /// <summary>Returns the channel account when the request is signed with its auth token, else null. Stores nothing.</summary>
    private static async Task<(ChannelAccount? Account, Dictionary<string, string> Fields)> VerifyAsync(string channelKey, HttpRequest request,
        IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets, PublicUrls urls, CancellationToken ct)
    {
        var fields = request.HasFormContentType
            ? (await request.ReadFormAsync(ct)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.ChannelAccounts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Key == channelKey && (a.Kind == ChannelKind.Sms || a.Kind == ChannelKind.WhatsApp), ct);
        if (account is null) return (null, fields);

        var valid = TwilioSignature.IsValid(secrets.Reveal(account), urls.Of(request), fields,
            request.Headers[TwilioSignature.Header], request.Headers[global::Twilio.Security.RequestValidator.SignatureSettingsHeader]);
        return (valid ? account : null, fields);
    }
}
