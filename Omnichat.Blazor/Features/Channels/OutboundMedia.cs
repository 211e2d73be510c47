namespace Omnichat.Blazor.Features.Channels;

/// <summary>One file of an outbound message: some providers send pictures and documents differently.</summary>
public sealed record OutboundMedia(Uri Url, string Name, string ContentType);
