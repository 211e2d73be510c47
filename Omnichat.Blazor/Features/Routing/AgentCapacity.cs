using System.Linq.Expressions;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// How many chats an agent has on their plate, against a queue's maximum of open chats per agent. Counted: the customer
/// chats they own that are open and in their Recent list (archiving, dealing with, ending, transferring or deleting one
/// frees a place), and, while routing plans, the waiting chats offered to them alone.
/// </summary>
public static class AgentCapacity
{
    /// <summary>Owned by someone, open and not archived: a chat that takes one of its owner's places.</summary>
    public static readonly Expression<Func<Conversation, bool>> TakesAPlace =
        c => c.OwnerId != null && c.Status == ConversationStatus.Open && !c.IsArchived;

    /// <summary>
    /// The claimer has a place left under the conversation's queue's maximum (or the queue has none). Part of the claim's
    /// conditional UPDATE, so two claims at once cannot both take the last place.
    /// </summary>
    public static Expression<Func<Conversation, bool>> HasPlaceFor(string userId, OmnichatDbContext db) =>
        c => c.Queue == null || c.Queue.MaxOpenChatsPerAgent == null
             || db.Conversations.Where(TakesAPlace).Count(o => o.OwnerId == userId) < c.Queue.MaxOpenChatsPerAgent;
}
