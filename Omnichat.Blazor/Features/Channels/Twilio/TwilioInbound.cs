using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>Reads Twilio's incoming-message webhook fields.</summary>
public static class TwilioInbound
{
    private const string WhatsAppPrefix = "whatsapp:";

    public static string? MessageSid(IReadOnlyDictionary<string, string> fields) =>
        fields.GetValueOrDefault("MessageSid") ?? fields.GetValueOrDefault("SmsSid");

    public static InboundMessage ToMessage(ChannelAccount account, IReadOnlyDictionary<string, string> fields)
    {
        var from = fields.GetValueOrDefault("From") ?? throw new InvalidOperationException("The webhook has no From.");
        var isWhatsApp = from.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase);
        return new InboundMessage(
            account.Id,
            isWhatsApp ? IdentityKind.WhatsApp : IdentityKind.Phone,
            isWhatsApp ? from[WhatsAppPrefix.Length..] : from,
            fields.GetValueOrDefault("ProfileName"),
            fields.GetValueOrDefault("Body") ?? "",
            MessageSid(fields),
            HasAttachments: MediaCount(fields) > 0);
    }

    /// <summary>How many media files came with the message; Twilio sends at most 10.</summary>
    public static int MediaCount(IReadOnlyDictionary<string, string> fields) =>
        int.TryParse(fields.GetValueOrDefault("NumMedia"), out var count) ? Math.Clamp(count, 0, 10) : 0;

    /// <summary>Twilio addresses WhatsApp users as <c>whatsapp:+31...</c> and SMS users by plain number.</summary>
    public static string Address(ChannelKind kind, string number) => kind == ChannelKind.WhatsApp ? WhatsAppPrefix + number : number;
}
