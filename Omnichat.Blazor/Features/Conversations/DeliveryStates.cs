using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Conversations;

/// <param name="Found">A message of this channel has the provider's id.</param>
/// <param name="Changed">Its state moved.</param>
public sealed record StatusApplied(bool Found, bool Changed, long? ConversationId);

/// <summary>Moves outbound messages through pending → sent → delivered → read, or to failed with the reason.</summary>
public static class DeliveryStates
{
    /// <summary>States a message may move to <paramref name="next"/> from: forward only, callbacks arrive out of order.</summary>
    private static DeliveryState[] Predecessors(DeliveryState next) => next switch
    {
        DeliveryState.Sent => [DeliveryState.Pending],
        DeliveryState.Delivered => [DeliveryState.Pending, DeliveryState.Sent],
        DeliveryState.Read => [DeliveryState.Pending, DeliveryState.Sent, DeliveryState.Delivered],
        DeliveryState.Failed => [DeliveryState.Pending, DeliveryState.Sent],
        _ => [],
    };

    /// <summary>
    /// Inside a write: applies a provider's status to the message with that provider id, but only to a message of
    /// <paramref name="channelAccountId"/>, so a callback signed for one channel never touches another channel's message.
    /// </summary>
    public static async Task<StatusApplied> ApplyAsync(OmnichatDbContext db, int channelAccountId, string providerMessageId,
        DeliveryState? next, string? failureReason, CancellationToken ct)
    {
        var message = db.Messages.Where(m => m.ProviderMessageId == providerMessageId
                                             && db.Conversations.Any(c => c.Id == m.ConversationId && c.ChannelAccountId == channelAccountId));
        var conversationId = await message.Select(m => (long?)m.ConversationId).SingleOrDefaultAsync(ct);
        if (conversationId is null) return new StatusApplied(false, false, null);
        if (next is not { } state) return new StatusApplied(true, false, conversationId);

        var from = Predecessors(state);
        var updated = await message.Where(m => from.Contains(m.State))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, state)
                .SetProperty(m => m.FailureReason, state == DeliveryState.Failed ? failureReason : null), ct);
        return new StatusApplied(true, updated > 0, conversationId);
    }
}
