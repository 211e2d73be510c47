namespace Omnichat.Blazor.Features.Channels;

/// <summary>Delivers outbound messages through one provider.</summary>
public interface IChannelSender
{
    /// <summary>Whether this sender delivers for <paramref name="account"/>: the kind alone does not say (WhatsApp has two providers).</summary>
    bool Handles(ChannelAccount account);

    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct);

    /// <summary>
    /// The provider's ids of messages like <paramref name="message"/> (same sender, recipient and text) that it took
    /// since <paramref name="since"/>, oldest first; empty when it has none; null when the provider offers no way to
    /// tell. Settles an attempt whose outcome is unknown without sending the message twice.
    /// </summary>
    Task<IReadOnlyList<string>?> FindSentAsync(OutboundMessage message, DateTime since, CancellationToken ct);
}
