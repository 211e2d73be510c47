using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Offers unclaimed chats to every active member of their queue: when a queue's offer timeout has passed, and when
/// their owner leaves (deactivated or deleted).
/// </summary>
public sealed class OfferWidening(IDbWriter writer, ConversationBus bus, TimeProvider clock)
{
    /// <summary>Widens every expired offer in one write. Returns how many it widened.</summary>
    public async Task<int> WidenExpiredOffersAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var widened = await writer.WriteAsync(async (db, token) =>
        {
            var candidates = await db.Conversations
                .Where(c => c.Status == ConversationStatus.Open && c.OwnerId == null && !c.OfferWidened
                            && c.OfferedAt != null && c.Queue != null && c.Queue.OfferTimeoutSeconds != null)
                .Include(c => c.Offers).Include(c => c.Queue)
                .ToListAsync(token);
            var expired = candidates.Where(c => c.OfferedAt!.Value.AddSeconds(c.Queue!.OfferTimeoutSeconds!.Value) <= now).ToList();
            await OfferToQueueAsync(db, expired, token);
            foreach (var conversation in expired) conversation.AddEvent(ConversationEventKind.OfferWidened, now);
            await db.SaveChangesAsync(token);
            return expired.Select(c => c.Id).ToList();
        }, ct);

        await PublishAsync(widened);
        return widened.Count;
    }

    /// <summary>
    /// Takes the open chats of <paramref name="userId"/> from them and offers each to its whole queue, with an audit
    /// line naming who did it; unclaimed chats offered to them are offered to the whole queue too, so none waits for
    /// someone who is gone. Internal chats stay: they belong to their participants, not to a queue.
    /// </summary>
    public async Task<int> ReturnToQueuesAsync(string userId, string actorId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var returned = await writer.WriteAsync(async (db, token) =>
        {
            var theirs = await db.Conversations
                .Where(c => c.Status == ConversationStatus.Open && c.QueueId != null
                            && (c.OwnerId == userId || (c.OwnerId == null && c.Offers.Any(o => o.UserId == userId))))
                .Include(c => c.Offers)
                .ToListAsync(token);
            foreach (var conversation in theirs)
            {
                if (conversation.OwnerId == userId)
                {
                    conversation.OwnerId = null;
                    conversation.IsArchived = false;
                    conversation.OfferedAt = now;
                    conversation.AddEvent(ConversationEventKind.ReturnedToQueue, now, actorId, userId);
                }
                else conversation.AddEvent(ConversationEventKind.OfferWidened, now);
                conversation.Offers.RemoveAll(o => o.UserId == userId);
            }
            await OfferToQueueAsync(db, theirs, token);
            await db.SaveChangesAsync(token);
            return theirs.Select(c => c.Id).ToList();
        }, ct);

        await PublishAsync(returned);
        return returned.Count;
    }

    /// <summary>Offers each chat to every active member of its queue who does not have the offer yet.</summary>
    private static async Task OfferToQueueAsync(OmnichatDbContext db, IReadOnlyList<Conversation> conversations, CancellationToken ct)
    {
        var queueIds = conversations.Select(c => c.QueueId!.Value).Distinct().ToList();
        var members = (await db.QueueMembers.Where(m => queueIds.Contains(m.QueueId) && m.User.DeactivatedAt == null)
                .Select(m => new { m.QueueId, m.UserId }).ToListAsync(ct))
            .ToLookup(m => m.QueueId, m => m.UserId);
        foreach (var conversation in conversations)
        {
            conversation.OfferWidened = true;
            var offered = conversation.Offers.Select(o => o.UserId).ToHashSet();
            conversation.Offers.AddRange(members[conversation.QueueId!.Value].Where(userId => !offered.Contains(userId))
                .Select(userId => new ConversationOffer { UserId = userId }));
        }
    }

    private async Task PublishAsync(IEnumerable<long> conversationIds)
    {
        foreach (var conversationId in conversationIds) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.OfferWidened));
    }
}
