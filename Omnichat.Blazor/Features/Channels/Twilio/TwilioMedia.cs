using System.Net.Http.Headers;
using System.Text;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Conversations;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Files;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>Fetches MMS / WhatsApp media (MediaUrlN) with the account's credentials.</summary>
public sealed class TwilioMedia(IOptions<TwilioOptions> options, IHttpClientFactory httpClients, ProviderMedia media)
{
    /// <summary>The account's credentials go only to Twilio's API over https (or to the configured stand-in, or the simulator).</summary>
    private bool IsTwilio(Uri url, ChannelAccount account)
    {
        if (account.IsSimulated) return url.IsLoopback;
        var api = new Uri(options.Value.ApiBaseUrl);
        return (url.Scheme == Uri.UriSchemeHttps && url.Host == RewriteHostHandler.TwilioApiHost)
               || url.GetLeftPart(UriPartial.Authority) == api.GetLeftPart(UriPartial.Authority);
    }

    public async Task FetchAsync(KnownChannel channel, IReadOnlyDictionary<string, string> fields, InboundResult received, CancellationToken ct)
    {
        var account = channel.Account;
        var count = TwilioInbound.MediaCount(fields);
        if (count == 0) return;
        var done = await media.DoneAsync(received, ct);

        var http = httpClients.CreateClient(account.IsSimulated ? SimulatorApi.HttpClientName : TwilioSender.HttpClientName);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.ProviderAccountId}:{channel.Secret}"));
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        for (var i = 0; i < count; i++)
        {
            var name = Attachments.NameFor(fields.GetValueOrDefault($"MediaContentType{i}") ?? "", i);
            if (done.Contains(name)) continue;
            var hasUrl = Uri.TryCreate(fields.GetValueOrDefault($"MediaUrl{i}"), UriKind.Absolute, out var url) && IsTwilio(url!, account);
            await media.SaveAsync(received, name, account.Kind, "Twilio", timeout, async token =>
            {
                if (!hasUrl) return null;
                using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", credentials) } };
                // Twilio answers with a redirect to the file; HttpClient follows it and does not pass the credentials on.
                return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }, ct);
        }
    }
}
