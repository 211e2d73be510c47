namespace Omnichat.Blazor.Features.Channels;

/// <summary>One outbound message and where it goes.</summary>
/// <param name="MediaUrls">Signed links from which the provider fetches the message's files.</param>
public sealed record OutboundMessage(ChannelAccount Account, string To, string Body, IReadOnlyList<Uri>? MediaUrls = null);
