namespace Omnichat.Blazor.Features.Channels;

/// <summary>Delivers outbound messages for some channel kinds through a provider.</summary>
public interface IChannelSender
{
    IReadOnlyCollection<ChannelKind> Kinds { get; }
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct);

    /// <summary>
    /// The provider's ids of messages like <paramref name="message"/> (same sender, recipient and text) that it took
    /// since <paramref name="since"/>, oldest first; empty when it has none. Settles an attempt whose outcome is
    /// unknown without sending the message twice.
    /// </summary>
    Task<IReadOnlyList<string>> FindSentAsync(OutboundMessage message, DateTime since, CancellationToken ct);
}
