namespace Omnichat.Blazor.Features.Channels;

public static class ChannelProviders
{
    /// <summary>The provider a new channel of <paramref name="kind"/> gets unless the admin chooses another.</summary>
    public static ChannelProvider DefaultFor(ChannelKind kind) => kind switch
    {
        ChannelKind.Sms or ChannelKind.WhatsApp => ChannelProvider.Twilio,
        ChannelKind.Facebook => ChannelProvider.Meta,
        _ => ChannelProvider.BuiltIn,
    };

    public static bool Carries(ChannelProvider provider, ChannelKind kind) => (provider, kind) switch
    {
        (ChannelProvider.Twilio, ChannelKind.Sms or ChannelKind.WhatsApp) => true,
        (ChannelProvider.Meta, ChannelKind.Facebook or ChannelKind.WhatsApp) => true,
        (ChannelProvider.BuiltIn, ChannelKind.LiveChat or ChannelKind.Internal) => true,
        _ => false,
    };
}
