using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>Moves outbound messages through pending → sent → delivered → read, or to failed with the reason.</summary>
public sealed class DeliveryStates(IDbContextFactory<OmnichatDbContext> dbFactory, ConversationBus bus)
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

    public async Task ApplyProviderStatusAsync(string providerMessageId, DeliveryState? next, string? failureReason, CancellationToken ct = default)
    {
        if (next is not { } state) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = Predecessors(state);
        var conversationId = await db.Messages.Where(m => m.ProviderMessageId == providerMessageId).Select(m => (long?)m.ConversationId).SingleOrDefaultAsync(ct);
        if (conversationId is null) return;

        var updated = await db.Messages
            .Where(m => m.ProviderMessageId == providerMessageId && from.Contains(m.State))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, state)
                .SetProperty(m => m.FailureReason, state == DeliveryState.Failed ? failureReason : null), ct);
        if (updated > 0) await bus.PublishAsync(new ConversationChanged(conversationId.Value, ConversationChange.DeliveryStateChanged));
    }
}
