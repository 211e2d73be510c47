using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Contacts;

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

    /// <summary>
    /// Inside a write: moves every message this channel sent to the customer up to <paramref name="until"/> forward to
    /// <paramref name="next"/>. Only messages the provider accepted count: one still waiting for its answer is not
    /// covered by a receipt. Returns the conversations whose messages changed.
    /// </summary>
    public static async Task<List<long>> ApplyUpToAsync(OmnichatDbContext db, int channelAccountId, IdentityKind identityKind, string customerAddress,
        DeliveryState next, DateTime until, CancellationToken ct)
    {
        var from = Predecessors(next);
        var conversations = db.Conversations.Where(c => c.ChannelAccountId == channelAccountId
                                                        && c.Contact!.Identities.Any(i => i.Kind == identityKind && i.Value == customerAddress))
            .Select(c => c.Id);
        var messages = db.Messages.Where(m => conversations.Contains(m.ConversationId) && m.Direction == MessageDirection.Outbound
                                              && m.ProviderMessageId != null && m.SentAt <= until && from.Contains(m.State));
        var changed = await messages.Select(m => m.ConversationId).Distinct().ToListAsync(ct);
        if (changed.Count > 0) await messages.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, next), ct);
        return changed;
    }
}
