using Omnichat.Blazor.Features.Contacts;

namespace Omnichat.Blazor.Features.Channels;

public static class ChannelIdentities
{
    /// <summary>Which kind of contact identity a channel addresses people by.</summary>
    public static bool Matches(ChannelKind channel, IdentityKind identity) => (channel, identity) switch
    {
        (ChannelKind.Sms, IdentityKind.Phone) => true,
        (ChannelKind.WhatsApp, IdentityKind.WhatsApp) => true,
        (ChannelKind.Facebook, IdentityKind.Messenger) => true,
        (ChannelKind.LiveChat, IdentityKind.LiveChatVisitor) => true,
        _ => false,
    };
}
