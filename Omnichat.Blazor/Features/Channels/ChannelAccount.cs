using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Features.Channels;

public enum ChannelKind
{
    LiveChat,
    Facebook,
    WhatsApp,
    Sms,
    Internal,
}

/// <summary>One configured entry point (a phone number, a WhatsApp sender, a page, a website); routes to one queue.</summary>
public class ChannelAccount
{
    public int Id { get; set; }

    /// <summary>Stable key used in webhook URLs and the widget snippet.</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";
    public ChannelKind Kind { get; set; }

    /// <summary>The number, page id or site address customers write to.</summary>
    public string Address { get; set; } = "";

    public int QueueId { get; set; }
    public Queue Queue { get; set; } = null!;

    public const int MaxVerifyTokenLength = 100;

    public ChannelProvider Provider { get; set; }

    /// <summary>The provider's account id (Twilio Account SID, WhatsApp Business account id).</summary>
    public string? ProviderAccountId { get; set; }

    /// <summary>
    /// The provider secret (Twilio auth token, Meta page or WhatsApp access token), encrypted with ASP.NET Core data
    /// protection.
    /// </summary>
    public string? ProtectedSecret { get; set; }

    /// <summary>Meta's app secret, which signs its webhooks; encrypted like <see cref="ProtectedSecret"/>.</summary>
    public string? ProtectedAppSecret { get; set; }

    /// <summary>
    /// The token Meta's app dashboard echoes in its verification handshake. Kept readable: the admin page shows it to
    /// paste there, and it grants nothing beyond that handshake.
    /// </summary>
    public string? VerifyToken { get; set; }

    /// <summary>
    /// Messenger: replies between 24 hours and 7 days after the customer's last message go with Meta's HUMAN_AGENT tag.
    /// Meta grants the tag per app, so an admin turns it on only once the app has it.
    /// </summary>
    public bool UseHumanAgentTag { get; set; }

    /// <summary>
    /// SMS and WhatsApp: the message template (by name, in the contact's language) sent as a satisfaction survey after
    /// "dealt with"; null sends none.
    /// </summary>
    public string? SurveyTemplateName { get; set; }

    /// <summary>Talks to the built-in channel simulator instead of the real provider.</summary>
    public bool IsSimulated { get; set; }

    /// <summary>A label every conversation started on this channel gets (see <see cref="Labels.LabelsModel"/>).</summary>
    public int? AutoLabelId { get; set; }
}
