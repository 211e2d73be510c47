using System.Text.Json;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>Reads stored Twilio webhooks: incoming SMS/MMS/WhatsApp messages and status callbacks.</summary>
public sealed class TwilioInboundParser(TwilioMedia media) : IInboundParser
{
    public bool Handles(ChannelAccount account) => account.Provider == ChannelProvider.Twilio;

    public InboundItem Parse(KnownChannel channel, InboundEvent stored)
    {
        var fields = Fields(stored);
        if (stored.Kind == InboundEventKind.Message) return new InboundItem.CustomerMessage(TwilioInbound.ToMessage(channel.Account, fields));

        var sid = TwilioInbound.MessageSid(fields) ?? throw new InvalidOperationException("The status callback has no MessageSid.");
        var status = fields.GetValueOrDefault("MessageStatus") ?? fields.GetValueOrDefault("SmsStatus") ?? "";
        var errorCode = fields.GetValueOrDefault("ErrorCode");
        return new InboundItem.StatusUpdate(sid, TwilioStatus.ToState(status),
            errorCode is { Length: > 0 } ? TwilioStatus.Describe(errorCode, fields.GetValueOrDefault("ErrorMessage")) : null);
    }

    public Task FetchMediaAsync(KnownChannel channel, InboundEvent stored, InboundResult received, CancellationToken ct) =>
        media.FetchAsync(channel, Fields(stored), received, ct);

    private static Dictionary<string, string> Fields(InboundEvent stored) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Payload) ?? throw new InvalidOperationException("The stored webhook is empty.");
}
