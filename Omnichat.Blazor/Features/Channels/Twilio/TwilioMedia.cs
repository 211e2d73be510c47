using System.Net.Http.Headers;
using System.Text;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Conversations;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>
/// Fetches MMS / WhatsApp media (MediaUrlN) with the account's credentials and keeps what the file validator accepts;
/// anything else becomes a refused attachment with the reason.
/// </summary>
public sealed class TwilioMedia(
    IHttpClientFactory httpClients,
    ChannelSecrets secrets,
    FileValidator validator,
    FileStore files,
    Attachments attachments,
    IStringLocalizer<Strings> L)
{
    public async Task FetchAsync(ChannelAccount account, IReadOnlyDictionary<string, string> fields, InboundResult received, CancellationToken ct)
    {
        var count = TwilioInbound.MediaCount(fields);
        // Fetched already, before the processor was interrupted: the message keeps what it has.
        if (count == 0 || await attachments.AnyForMessageAsync(received.MessageId, ct)) return;

        var http = httpClients.CreateClient(account.IsSimulated ? SimulatorApi.HttpClientName : TwilioSender.HttpClientName);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.ProviderAccountId}:{secrets.Reveal(account)}"));
        for (var i = 0; i < count; i++)
        {
            var name = Attachments.NameFor(fields.GetValueOrDefault($"MediaContentType{i}") ?? "", i);
            // A type we would refuse anyway is not downloaded at all.
            if (validator.CheckName(name).Refusal is { } refusedType)
            {
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, refusedType, ct);
                continue;
            }
            if (!Uri.TryCreate(fields.GetValueOrDefault($"MediaUrl{i}"), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, L["Files.Refused.NoAddress", name], ct);
                continue;
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", credentials) } };
            // Twilio answers with a redirect to the file; HttpClient follows it and does not pass the credentials on.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name,
                    L["Files.Refused.Download", name, (int)response.StatusCode], ct);
                continue;
            }
            await using var content = await response.Content.ReadAsStreamAsync(ct);
            var stored = await files.SaveAsync(received.ConversationId, name, content, account.Kind, received.MessageId, ct);
            if (stored.Refusal is { } reason) await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, reason, ct);
        }
    }
}
