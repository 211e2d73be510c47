namespace Omnichat.Blazor.Features.Channels;

/// <summary>One outbound message and where it goes.</summary>
/// <param name="Media">The message's files, with signed links from which the provider fetches them.</param>
/// <param name="Template">Send this approved WhatsApp template instead of <paramref name="Body"/>.</param>
/// <param name="Tag">Messenger's message tag for a reply outside the 24-hour window.</param>
public sealed record OutboundMessage(ChannelAccount Account, string To, string Body, IReadOnlyList<OutboundMedia>? Media = null,
    TemplateSend? Template = null, string? Tag = null);
