using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// Reads one provider's stored webhook events. The processor stays channel-agnostic: a new channel brings a parser
/// and its webhook endpoint, nothing else.
/// </summary>
public interface IInboundParser
{
    /// <summary>Whether this parser reads <paramref name="account"/>'s events: the kind alone does not say (WhatsApp has two providers).</summary>
    bool Handles(ChannelAccount account);

    /// <summary>What the event says. Throws when the payload cannot be read.</summary>
    InboundItem Parse(KnownChannel channel, InboundEvent stored);

    /// <summary>
    /// Fetches the files that came with a message from the provider. A file that cannot be had (refused type, failed or
    /// timed-out download) is recorded as refused with the reason; only a fault of our own throws.
    /// </summary>
    Task FetchMediaAsync(KnownChannel channel, InboundEvent stored, InboundResult received, CancellationToken ct);
}
