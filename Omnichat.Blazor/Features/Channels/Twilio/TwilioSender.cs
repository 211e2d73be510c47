using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Channels.Simulator;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>Sends SMS/MMS and WhatsApp messages with the Twilio SDK.</summary>
public sealed class TwilioSender(IHttpClientFactory httpClients, ChannelSecrets secrets, PublicUrls urls) : IChannelSender
{
    public const string HttpClientName = "twilio";

    public IReadOnlyCollection<ChannelKind> Kinds { get; } = [ChannelKind.Sms, ChannelKind.WhatsApp];

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var account = message.Account;
        var options = new CreateMessageOptions(new PhoneNumber(TwilioInbound.Address(account.Kind, message.To)))
        {
            From = new PhoneNumber(TwilioInbound.Address(account.Kind, account.Address)),
            Body = message.Body,
            StatusCallback = new Uri(urls.TwilioStatusCallback(account.Key)),
            MediaUrl = message.MediaUrls?.ToList() ?? [],
        };
        try
        {
            var sent = await MessageResource.CreateAsync(options, CreateClient(account));
            return new SendResult.Accepted(sent.Sid);
        }
        catch (ApiException ex) when (ex.Status is >= 500 or 429 or 0)
        {
            return new SendResult.Transient($"Twilio is unavailable: {ex.Message}");
        }
        catch (ApiException ex)
        {
            return new SendResult.Permanent(TwilioStatus.Describe(ex.Code.ToString(), ex.Message));
        }
    }

    /// <summary>
    /// The SDK has no base-URL setting, so its HTTP client rewrites api.twilio.com to the configured API, or to the
    /// built-in simulator for simulated channels.
    /// </summary>
    private TwilioRestClient CreateClient(ChannelAccount account)
    {
        var http = httpClients.CreateClient(account.IsSimulated ? SimulatorApi.HttpClientName : HttpClientName);
        var sid = account.ProviderAccountId ?? "";
        return new TwilioRestClient(sid, secrets.Reveal(account), accountSid: sid, httpClient: new SystemNetHttpClient(http));
    }
}

/// <summary>Sends requests for api.twilio.com to <paramref name="target"/>'s scheme, host and port, keeping path and query.</summary>
public sealed class RewriteHostHandler(Func<Uri> target) : DelegatingHandler
{
    public const string TwilioApiHost = "api.twilio.com";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var baseUri = target();
        var original = request.RequestUri!;
        if (original.Host != TwilioApiHost) return base.SendAsync(request, cancellationToken);
        request.RequestUri = new UriBuilder(original)
        {
            Scheme = baseUri.Scheme,
            Host = baseUri.Host,
            Port = baseUri.Port,
            Path = baseUri.AbsolutePath.TrimEnd('/') + original.AbsolutePath,
        }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
