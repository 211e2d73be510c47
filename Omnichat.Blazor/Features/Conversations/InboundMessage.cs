using Omnichat.Blazor.Features.Contacts;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>A customer's message in channel-neutral terms, as a channel's parser reads it from its provider's webhook.</summary>
public sealed record InboundMessage(
    int ChannelAccountId,
    IdentityKind IdentityKind,
    string Address,
    string? SenderName,
    string Body,
    string? ProviderMessageId = null,
    bool HasAttachments = false);
