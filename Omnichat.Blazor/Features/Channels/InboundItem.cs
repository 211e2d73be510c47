using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>What one stored webhook event says, in channel-neutral terms.</summary>
public abstract record InboundItem
{
    public sealed record CustomerMessage(InboundMessage Message) : InboundItem;

    /// <param name="State">Null for states that add nothing (queued, sending).</param>
    public sealed record StatusUpdate(string ProviderMessageId, DeliveryState? State, string? FailureReason) : InboundItem;

    /// <summary>Everything sent to this customer up to <paramref name="Until"/> reached <paramref name="State"/> (Messenger's receipts).</summary>
    public sealed record Watermark(IdentityKind IdentityKind, string CustomerAddress, DeliveryState State, DateTime Until) : InboundItem;
}
