namespace Omnichat.Blazor.Features.Channels;

/// <summary>Delivers outbound messages for some channel kinds through a provider.</summary>
public interface IChannelSender
{
    IReadOnlyCollection<ChannelKind> Kinds { get; }
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct);
}
