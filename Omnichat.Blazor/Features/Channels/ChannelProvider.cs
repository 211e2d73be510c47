namespace Omnichat.Blazor.Features.Channels;

/// <summary>Who carries a channel's messages. WhatsApp has two: Twilio and Meta's Cloud API.</summary>
public enum ChannelProvider
{
    /// <summary>Omnichat itself (live chat).</summary>
    BuiltIn,
    Twilio,
    Meta,
}
