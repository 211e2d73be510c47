using System.Net.Http.Headers;
using System.Text;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Conversations;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>
/// Fetches MMS / WhatsApp media (MediaUrlN) with the account's credentials and keeps what the file validator accepts;
/// anything else becomes a refused attachment with the reason.
/// </summary>
public sealed class TwilioMedia(
    IOptions<TwilioOptions> options,
    IHttpClientFactory httpClients,
    FileValidator validator,
    FileStore files,
    Attachments attachments,
    IStringLocalizer<Strings> L)
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
        // After an interruption the message keeps what it already has; only the missing files are fetched.
        var done = await attachments.NamesForMessageAsync(received.MessageId, ct);

        var http = httpClients.CreateClient(account.IsSimulated ? SimulatorApi.HttpClientName : TwilioSender.HttpClientName);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.ProviderAccountId}:{channel.Secret}"));
        for (var i = 0; i < count; i++)
        {
            var name = Attachments.NameFor(fields.GetValueOrDefault($"MediaContentType{i}") ?? "", i);
            if (done.Contains(name)) continue;
            // A type we would refuse anyway is not downloaded at all.
            if (validator.CheckName(name).Refusal is { } refusedType)
            {
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, refusedType, ct);
                continue;
            }
            if (!Uri.TryCreate(fields.GetValueOrDefault($"MediaUrl{i}"), UriKind.Absolute, out var url) || !IsTwilio(url, account))
            {
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, L["Files.Refused.NoAddress", name], ct);
                continue;
            }
            if (await DownloadAsync(http, url, credentials, received, name, account.Kind, ct) is { } refusal)
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, refusal, ct);
        }
    }

    /// <summary>Stores one file; returns why it was refused, if it was. Each file has its own deadline.</summary>
    private async Task<string?> DownloadAsync(HttpClient http, Uri url, string credentials, InboundResult received, string name, ChannelKind kind, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", credentials) } };
            // Twilio answers with a redirect to the file; HttpClient follows it and does not pass the credentials on.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode) return L["Files.Refused.Download", name, (int)response.StatusCode];
            await using var content = await response.Content.ReadAsStreamAsync(deadline.Token);
            var stored = await files.SaveAsync(received.ConversationId, name, content, kind, received.MessageId, deadline.Token);
            return stored.Refusal;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return L["Files.Refused.DownloadTimedOut", name, options.Value.TimeoutSeconds];
        }
        catch (HttpRequestException ex)
        {
            return L["Files.Refused.DownloadFailed", name, ex.Message];
        }
    }
}
