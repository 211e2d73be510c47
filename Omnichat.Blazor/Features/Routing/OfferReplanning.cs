using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <param name="AvailabilityChanged">Agents who became available or unavailable (signed in or out, Away or back).</param>
/// <param name="LoadChanged">Agents who took, handed on or closed a chat, so their number of open chats changed.</param>
/// <param name="Conversations">The chats that changed hands or closed; their queues are planned again too.</param>
public sealed record RoutingChange(
    IReadOnlyCollection<string> AvailabilityChanged,
    IReadOnlyCollection<string> LoadChanged,
    IReadOnlyCollection<long> Conversations)
{
    public bool IsEmpty => AvailabilityChanged.Count == 0 && LoadChanged.Count == 0 && Conversations.Count == 0;
}

/// <summary>
/// Offers the waiting chats of the queues a change concerns again, the one piece every routing trigger uses: oldest
/// first, by each queue's strategy, never to an agent at the queue's maximum, keeping an offer to one agent while it
/// still holds. Chats the offer timeout widened to the whole queue stay so. One write, so re-plans that start together
/// each see the other's result, and each chat is changed under the same kind of conditional UPDATE as a claim.
/// </summary>
public sealed class OfferReplanning(IDbWriter writer, AssignmentPlanner planner, ConversationBus bus, TimeProvider clock)
{
    /// <summary>Returns how many chats got a different offer; consoles hear of each on the <see cref="ConversationBus"/>.</summary>
    public async Task<int> ReplanAsync(RoutingChange change, CancellationToken ct = default)
    {
        if (change.IsEmpty) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var reoffered = await writer.WriteAsync(async (db, token) =>
        {
            var queues = await QueuesConcernedAsync(db, change, token);
            if (queues.Count == 0) return [];
            var queueIds = queues.Select(q => q.Id).ToList();
            var round = await planner.BeginAsync(db, queues, replanned: queueIds, token);
            var waiting = await db.Conversations.Where(Waiting(queueIds)).Include(c => c.Offers)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .ToListAsync(token);

            var changed = new List<long>();
            foreach (var conversation in waiting)
            {
                var queue = queues.Single(q => q.Id == conversation.QueueId);
                var offered = conversation.Offers.Select(o => o.UserId).ToHashSet();
                var planned = round.Offer(queue, offered);
                if (offered.SetEquals(planned)) continue;

                // Like a claim, the change holds only while the chat is still waiting, whatever was read before.
                var stillWaiting = await db.Conversations.Where(c => c.Id == conversation.Id).Where(Waiting(queueIds))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.OfferedAt, now), token) == 1;
                if (!stillWaiting) continue;
                conversation.Offers.RemoveAll(o => !planned.Contains(o.UserId));
                conversation.Offers.AddRange(planned.Where(userId => !offered.Contains(userId)).Select(userId => new ConversationOffer { UserId = userId }));
                var note = $"{planned.Count} agent(s), {queue.Strategy}";
                if (planned.Count == 1) conversation.AddEvent(ConversationEventKind.Reoffered, now, targetId: planned[0], note: note);
                else conversation.AddEvent(ConversationEventKind.Offered, now, note: note);
                changed.Add(conversation.Id);
            }
            await db.SaveChangesAsync(token);
            return changed;
        }, ct);

        foreach (var conversationId in reoffered) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Reoffered));
        return reoffered.Count;
    }

    /// <summary>
    /// Waiting to be planned: open, unowned, not archived, and not yet widened to the whole queue by the offer timeout
    /// (which nobody narrows again).
    /// </summary>
    private static Expression<Func<Conversation, bool>> Waiting(IReadOnlyCollection<int> queueIds) =>
        c => c.OwnerId == null && c.Status == ConversationStatus.Open && !c.IsArchived && !c.OfferWidened
             && c.QueueId != null && queueIds.Contains(c.QueueId.Value);

    /// <summary>
    /// Every queue of an agent whose availability changed. A changed load matters only where a queue has a maximum:
    /// the queues of those agents, of the chats' owners now, and of the chats themselves. "Everyone" queues have nothing
    /// to plan.
    /// </summary>
    private static async Task<List<Queue>> QueuesConcernedAsync(OmnichatDbContext db, RoutingChange change, CancellationToken ct)
    {
        var conversationIds = change.Conversations.ToList();
        var touched = await db.Conversations.Where(c => conversationIds.Contains(c.Id)).Select(c => new { c.QueueId, c.OwnerId }).ToListAsync(ct);
        var touchedQueueIds = touched.Select(c => c.QueueId).OfType<int>().ToList();
        var available = change.AvailabilityChanged.ToList();
        var loaded = change.LoadChanged.Concat(touched.Select(c => c.OwnerId).OfType<string>()).Distinct().ToList();
        return await db.Queues
            .Where(q => q.Strategy != AssignmentStrategy.All)
            .Where(q => q.Members.Any(m => available.Contains(m.UserId))
                        || (q.MaxOpenChatsPerAgent != null && (touchedQueueIds.Contains(q.Id) || q.Members.Any(m => loaded.Contains(m.UserId)))))
            .ToListAsync(ct);
    }
}
