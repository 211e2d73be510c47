using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>
/// Fetches the files of a stored Meta message: Messenger's from the URL in the message; WhatsApp's through the Graph
/// API, which answers <c>GET /{media-id}</c> with a short-lived URL that is fetched with the same token.
/// </summary>
public sealed class MetaMedia(IOptions<MetaOptions> options, MetaGraph graph, IHttpClientFactory httpClients, ProviderMedia media)
{
    public async Task FetchAsync(KnownChannel channel, JsonNode payload, InboundResult received, CancellationToken ct)
    {
        var whatsApp = channel.Kind == ChannelKind.WhatsApp;
        var files = whatsApp
            ? payload["messages"] is JsonArray { Count: > 0 } messages && messages[0] is { } message && MetaInbound.WhatsAppFile(message) is { } one ? [one] : []
            : payload["message"] is { } messengerMessage ? MetaInbound.MessengerFiles(messengerMessage) : [];
        if (files.Count == 0) return;
        var done = await media.DoneAsync(received, ct);

        var http = httpClients.CreateClient(MetaSender.HttpClientName);
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        foreach (var file in files.Where(f => !done.Contains(f.Name)))
        {
            await media.SaveAsync(received, file.Name, channel.Kind, "Meta", timeout, token => whatsApp
                ? FromGraphAsync(http, channel, file.MediaId!, token)
                : FromUrlAsync(http, channel.Account, file.Url!, token), ct);
        }
    }

    /// <summary>Messenger's file URLs need no token, so nothing secret can leak; only web addresses are fetched.</summary>
    private async Task<HttpResponseMessage?> FromUrlAsync(HttpClient http, ChannelAccount account, string address, CancellationToken ct) =>
        IsMeta(address, account) is { } url ? await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct) : null;

    private async Task<HttpResponseMessage?> FromGraphAsync(HttpClient http, KnownChannel channel, string mediaId, CancellationToken ct)
    {
        var lookup = await http.SendAsync(Bearer(graph.For(channel.Account, Uri.EscapeDataString(mediaId)), channel.Secret), ct);
        if (!lookup.IsSuccessStatusCode) return lookup;
        using (lookup)
        {
            var answer = JsonNode.Parse(await lookup.Content.ReadAsStringAsync(ct));
            if (IsMeta((string?)answer?["url"], channel.Account) is not { } url) return null;
            return await http.SendAsync(Bearer(url, channel.Secret), HttpCompletionOption.ResponseHeadersRead, ct);
        }
    }

    private static HttpRequestMessage Bearer(Uri url, string token) =>
        new(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    /// <summary>Meta serves files over https; a stand-in Graph API (tests) or the simulator may use plain http on its own address.</summary>
    private Uri? IsMeta(string? address, ChannelAccount account)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url)) return null;
        if (account.IsSimulated) return url.IsLoopback ? url : null;
        var api = new Uri(options.Value.GraphBaseUrl);
        return url.Scheme == Uri.UriSchemeHttps || url.GetLeftPart(UriPartial.Authority) == api.GetLeftPart(UriPartial.Authority) ? url : null;
    }
}
