using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>Reads stored Meta updates: Messenger messages and receipts, WhatsApp Cloud API messages and statuses.</summary>
public sealed class MetaInboundParser(MetaMedia media, IStringLocalizer<Strings> L) : IInboundParser
{
    public bool Handles(ChannelAccount account) => account.Provider == ChannelProvider.Meta;

    public InboundItem Parse(KnownChannel channel, InboundEvent stored)
    {
        var payload = JsonNode.Parse(stored.Payload) ?? throw new InvalidOperationException("The stored webhook is empty.");
        return channel.Kind == ChannelKind.Facebook ? ParseMessenger(channel, payload) : ParseWhatsApp(channel, payload);
    }

    public Task FetchMediaAsync(KnownChannel channel, InboundEvent stored, InboundResult received, CancellationToken ct) =>
        media.FetchAsync(channel, JsonNode.Parse(stored.Payload)!, received, ct);

    private InboundItem ParseMessenger(KnownChannel channel, JsonNode item)
    {
        var customer = Required(item["sender"]?["id"], "sender.id");
        if (item["message"] is { } message)
        {
            var files = MetaInbound.MessengerFiles(message);
            var text = (string?)message["text"] ?? "";
            // A sticker, location or template reply without text would otherwise arrive as an empty message.
            if (text.Length == 0 && files.Count == 0) text = Unsupported((string?)First(message["attachments"])?["type"] ?? "message");
            return new InboundItem.CustomerMessage(new InboundMessage(channel.Id, IdentityKind.Messenger, customer, null, text,
                Required(message["mid"], "message.mid"), HasAttachments: files.Count > 0));
        }
        var (receipt, state) = item["read"] is not null ? ("read", DeliveryState.Read) : ("delivery", DeliveryState.Delivered);
        var watermark = (long?)item[receipt]?["watermark"] ?? throw new InvalidOperationException($"The receipt has no {receipt}.watermark.");
        return new InboundItem.Watermark(IdentityKind.Messenger, customer, state, DateTimeOffset.FromUnixTimeMilliseconds(watermark).UtcDateTime);
    }

    private InboundItem ParseWhatsApp(KnownChannel channel, JsonNode value)
    {
        if (First(value["statuses"]) is { } status)
        {
            var error = First(status["errors"]);
            var reason = error is null ? null : MetaErrors.Describe((int?)error["code"] ?? 0, null, (string?)error["title"] ?? (string?)error["message"]);
            return new InboundItem.StatusUpdate(Required(status["id"], "id"), ToState((string?)status["status"]), reason);
        }
        var message = First(value["messages"]) ?? throw new InvalidOperationException("The update has neither a message nor a status.");
        var type = (string?)message["type"] ?? "";
        var body = type switch
        {
            "text" => (string?)message["text"]?["body"] ?? "",
            "image" or "video" or "document" => (string?)message[type]?["caption"] ?? "",
            "audio" or "sticker" => "",
            _ => Unsupported(type),
        };
        return new InboundItem.CustomerMessage(new InboundMessage(channel.Id, IdentityKind.WhatsApp,
            // Twilio writes WhatsApp numbers with a plus; the same customer is then one contact on both providers.
            "+" + Required(message["from"], "from"), (string?)First(value["contacts"])?["profile"]?["name"], body,
            Required(message["id"], "id"), HasAttachments: MetaInbound.WhatsAppFile(message) is not null));
    }

    /// <summary>The first item of an array that may be missing or empty.</summary>
    private static JsonNode? First(JsonNode? array) => array is JsonArray { Count: > 0 } items ? items[0] : null;

    private string Unsupported(string type) => L["Meta.UnsupportedType", type];

    /// <summary>Null for states that add nothing.</summary>
    private static DeliveryState? ToState(string? status) => status switch
    {
        "sent" => DeliveryState.Sent,
        "delivered" => DeliveryState.Delivered,
        "read" => DeliveryState.Read,
        "failed" => DeliveryState.Failed,
        _ => null,
    };

    private static string Required(JsonNode? node, string name) =>
        (string?)node is { Length: > 0 } value ? value : throw new InvalidOperationException($"The update has no {name}.");
}
