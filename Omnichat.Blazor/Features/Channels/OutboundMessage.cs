namespace Omnichat.Blazor.Features.Channels;

/// <summary>One outbound message and where it goes.</summary>
/// <param name="Media">The message's files, with signed links from which the provider fetches them.</param>
public sealed record OutboundMessage(ChannelAccount Account, string To, string Body, IReadOnlyList<OutboundMedia>? Media = null);
