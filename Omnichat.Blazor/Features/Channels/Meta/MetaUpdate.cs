namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>One update cut from Meta's batch, stored as its own event under <paramref name="Key"/>.</summary>
/// <param name="Payload">
/// Messenger: the <c>messaging</c> item as sent. WhatsApp: a <c>value</c> with just this message (and its sender's
/// contact) or just this status, in the shape Meta sends.
/// </param>
public sealed record MetaUpdate(InboundEventKind Kind, string Key, string Payload);
