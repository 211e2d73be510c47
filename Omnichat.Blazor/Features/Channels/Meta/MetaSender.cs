using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>
/// Sends through the Graph API: Messenger with <c>POST /{page-id}/messages</c>, WhatsApp with
/// <c>POST /{phone-number-id}/messages</c>. Files go by the signed link, which Meta fetches.
/// </summary>
public sealed class MetaSender(IHttpClientFactory httpClients, MetaGraph graph, ChannelSecrets secrets) : IChannelSender
{
    public const string HttpClientName = "meta-graph";

    /// <summary>WhatsApp shows these as pictures; other files go as documents.</summary>
    private static readonly string[] WhatsAppImageTypes = ["image/jpeg", "image/png"];

    public bool Handles(ChannelAccount account) => account.Provider == ChannelProvider.Meta;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (message.Template is { CloudName: null })
            return new SendResult.Permanent("This template has no approved WhatsApp Cloud API template name: add it under Templates.");
        var calls = message.Account.Kind == ChannelKind.Facebook ? MessengerCalls(message) : [WhatsAppCall(message)];
        SendResult? result = null;
        foreach (var call in calls)
        {
            result = await CallAsync(message.Account, call, ct);
            // Messenger takes text and a file in separate calls. Once the text went out, repeating it would double it:
            // a later failure is final.
            if (result is not SendResult.Accepted && call != calls[0])
                return new SendResult.Permanent($"The text went out, the file did not: {Reason(result)}");
            if (result is not SendResult.Accepted) return result;
        }
        return result!;
    }

    /// <summary>
    /// Meta lists no sent messages, so an unanswered send cannot be checked. Sending it again might double it, so
    /// the outbox leaves that choice to an agent.
    /// </summary>
    public Task<IReadOnlyList<string>?> FindSentAsync(OutboundMessage message, DateTime since, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>?>(null);

    private static List<JsonObject> MessengerCalls(OutboundMessage message)
    {
        JsonObject Call(JsonObject content)
        {
            var call = new JsonObject { ["recipient"] = new JsonObject { ["id"] = message.To } };
            // Past the 24-hour window only a tagged message goes; the tag was decided when the agent replied.
            if (message.Tag is { } tag) (call["messaging_type"], call["tag"]) = ("MESSAGE_TAG", tag);
            else call["messaging_type"] = "RESPONSE";
            call["message"] = content;
            return call;
        }
        var calls = new List<JsonObject>();
        if (message.Body.Length > 0) calls.Add(Call(new JsonObject { ["text"] = message.Body }));
        foreach (var file in message.Media ?? [])
        {
            calls.Add(Call(new JsonObject
            {
                ["attachment"] = new JsonObject
                {
                    ["type"] = file.ContentType.StartsWith("image/", StringComparison.Ordinal) ? "image" : "file",
                    ["payload"] = new JsonObject { ["url"] = file.Url.ToString(), ["is_reusable"] = false },
                },
            }));
        }
        return calls;
    }

    private static JsonObject WhatsAppCall(OutboundMessage message)
    {
        var call = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            // Meta writes numbers without the plus we store.
            ["to"] = message.To.TrimStart('+'),
        };
        if (message.Template is { } template)
        {
            call["type"] = "template";
            call["template"] = new JsonObject
            {
                ["name"] = template.CloudName,
                ["language"] = new JsonObject { ["code"] = template.CloudLanguage },
                ["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = "body",
                    ["parameters"] = new JsonArray([.. template.Parameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
                }),
            };
        }
        else if (message.Media is [var file, ..])
        {
            var type = WhatsAppImageTypes.Contains(file.ContentType) ? "image" : "document";
            var media = new JsonObject { ["link"] = file.Url.ToString() };
            if (message.Body.Length > 0) media["caption"] = message.Body;
            if (type == "document") media["filename"] = file.Name;
            call["type"] = type;
            call[type] = media;
        }
        else
        {
            call["type"] = "text";
            call["text"] = new JsonObject { ["body"] = message.Body };
        }
        return call;
    }

    private async Task<SendResult> CallAsync(ChannelAccount account, JsonObject body, CancellationToken ct)
    {
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, graph.For(account, $"{Uri.EscapeDataString(account.Address)}/messages"))
        {
            Content = JsonContent.Create(body),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", secrets.Reveal(account)) },
        };
        using var response = await http.SendAsync(request, ct);
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException ex)
        {
            if (response.IsSuccessStatusCode) return new SendResult.Unknown($"Meta's answer could not be read: {ex.Message}");
            answer = null;
        }
        if (response.IsSuccessStatusCode)
        {
            var id = (string?)answer?["message_id"] ?? (string?)answer?["messages"]?[0]?["id"];
            return id is { Length: > 0 } ? new SendResult.Accepted(id) : new SendResult.Unknown("Meta's answer named no message id.");
        }

        var error = answer?["error"];
        var code = (int?)error?["code"] ?? 0;
        var subcode = (int?)error?["error_subcode"];
        var words = (string?)error?["error_data"]?["details"] ?? (string?)error?["error_user_msg"] ?? (string?)error?["message"];
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
            || MetaErrors.IsTransient(code) || (bool?)error?["is_transient"] == true)
            return new SendResult.Transient($"Meta is unavailable or limiting calls: {words ?? response.ReasonPhrase} (HTTP {(int)response.StatusCode})");
        return new SendResult.Permanent(MetaErrors.Describe(code, subcode, words));
    }

    private static string Reason(SendResult? result) => result switch
    {
        SendResult.Transient t => t.Reason,
        SendResult.Unknown u => u.Reason,
        SendResult.Permanent p => p.Reason,
        _ => "",
    };
}
