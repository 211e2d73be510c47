using System.Text.Json;
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

    /// <summary>How many of the newest messages to a customer a look-up reads: one page, enough for one lost answer.</summary>
    public const int FindPageSize = 20;

    /// <summary>How far Twilio's clock may be behind ours when comparing its creation times with our attempt times.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public bool Handles(ChannelAccount account) => account.Provider == ChannelProvider.Twilio;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var account = message.Account;
        var (from, to) = Addresses(message);
        var options = new CreateMessageOptions(to)
        {
            From = from,
            StatusCallback = new Uri(urls.TwilioStatusCallback(account.Key)),
            MediaUrl = message.Media?.Select(m => m.Url).ToList() ?? [],
        };
        if (message.Template is { } template)
        {
            if (template.TwilioContentSid is not { } contentSid)
                return new SendResult.Permanent("This template has no approved Twilio Content SID: add it under Templates.");
            // Twilio fills the approved template's variables by number.
            options.ContentSid = contentSid;
            options.ContentVariables = JsonSerializer.Serialize(template.Parameters.Index().ToDictionary(p => (p.Index + 1).ToString(), p => p.Item));
        }
        else
        {
            options.Body = message.Body;
        }
        try
        {
            var sent = await MessageResource.CreateAsync(options, CreateClient(account));
            return new SendResult.Accepted(sent.Sid);
        }
        catch (ApiException ex) when (ex.Status is >= 500 or 429)
        {
            return new SendResult.Transient($"Twilio is unavailable: {ex.Message}");
        }
        catch (ApiException ex) when (ex.Status == 0)
        {
            // No status means the SDK could not read the answer, which may well have been an acceptance.
            return new SendResult.Unknown($"Twilio's answer could not be read: {ex.Message}");
        }
        catch (ApiException ex)
        {
            return new SendResult.Permanent(TwilioStatus.Describe(ex.Code.ToString(), ex.Message));
        }
    }

    public async Task<IReadOnlyList<string>?> FindSentAsync(OutboundMessage message, DateTime since, CancellationToken ct)
    {
        var (from, to) = Addresses(message);
        var newest = await MessageResource.ReadAsync(new ReadMessageOptions { From = from, To = to, PageSize = FindPageSize }, CreateClient(message.Account));
        // Twilio lists newest first, so the first page covers a lost answer; the SDK would fetch further pages synchronously.
        newest.AutoPaging = false;
        var earliest = since - ClockSkew;
        return newest
            .Where(m => m.Body == message.Body && m.DateCreated?.ToUniversalTime() >= earliest)
            .OrderBy(m => m.DateCreated!.Value.ToUniversalTime())
            .Select(m => m.Sid)
            .ToList();
    }

    private static (PhoneNumber From, PhoneNumber To) Addresses(OutboundMessage message) =>
        (new PhoneNumber(TwilioInbound.Address(message.Account.Kind, message.Account.Address)),
            new PhoneNumber(TwilioInbound.Address(message.Account.Kind, message.To)));

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
