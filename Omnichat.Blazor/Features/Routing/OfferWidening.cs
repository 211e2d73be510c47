using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>Offers every unclaimed chat whose queue's offer timeout has passed to all members of its queue.</summary>
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
            var queueIds = expired.Select(c => c.QueueId!.Value).Distinct().ToList();
            var members = (await db.QueueMembers.Where(m => queueIds.Contains(m.QueueId)).Select(m => new { m.QueueId, m.UserId }).ToListAsync(token))
                .ToLookup(m => m.QueueId, m => m.UserId);

            foreach (var conversation in expired)
            {
                conversation.OfferWidened = true;
                var offered = conversation.Offers.Select(o => o.UserId).ToHashSet();
                conversation.Offers.AddRange(members[conversation.QueueId!.Value].Where(userId => !offered.Contains(userId))
                    .Select(userId => new ConversationOffer { UserId = userId }));
                conversation.AddEvent(ConversationEventKind.OfferWidened, now);
            }
            await db.SaveChangesAsync(token);
            return expired.Select(c => c.Id).ToList();
        }, ct);

        foreach (var conversationId in widened) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.OfferWidened));
        return widened.Count;
    }
}
