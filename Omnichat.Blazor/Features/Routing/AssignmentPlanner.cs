using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>Decides which queue members a chat is offered to, by the queue's assignment strategy.</summary>
public sealed class AssignmentPlanner(AgentPresence presence)
{
    /// <summary>
    /// Returns the user ids to offer a new chat to. Updates the queue's round-robin position on the tracked
    /// <paramref name="queue"/>; the caller saves it with the new conversation.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChooseAsync(OmnichatDbContext db, Queue queue, CancellationToken ct = default) =>
        (await BeginAsync(db, [queue], replanned: [], ct)).Offer(queue, current: []);

    /// <summary>
    /// Inside a write: reads what the strategies of <paramref name="queues"/> decide on (their active members in queue
    /// order, who is available, each member's load). The waiting chats of <paramref name="replanned"/> are left out of
    /// the load: the caller offers each of them again through the round.
    /// </summary>
    public async Task<RoutingRound> BeginAsync(OmnichatDbContext db, IReadOnlyCollection<Queue> queues, IReadOnlyCollection<int> replanned, CancellationToken ct)
    {
        var queueIds = queues.Select(q => q.Id).ToList();
        var members = await db.QueueMembers
            .Where(m => queueIds.Contains(m.QueueId) && m.User.DeactivatedAt == null)
            .OrderBy(m => m.Position)
            .Select(m => new RoutingRound.Member(m.QueueId, m.UserId, m.Position, m.User.IsAway))
            .ToListAsync(ct);
        // "Everyone" offers to all members whatever their load: only the other strategies need it.
        var strategic = queues.Where(q => q.Strategy != AssignmentStrategy.All).Select(q => q.Id).ToHashSet();
        var userIds = members.Where(m => strategic.Contains(m.QueueId)).Select(m => m.UserId).Distinct().ToList();
        var load = userIds.Count == 0 ? new Dictionary<string, int>() : await LoadAsync(db, userIds, replanned, ct);
        var available = members.Where(m => !m.IsAway && presence.IsOnline(m.UserId)).Select(m => m.UserId).ToHashSet();
        return new RoutingRound(members.ToLookup(m => m.QueueId), available, load);
    }

    /// <summary>Each agent's chats on their plate (<see cref="AgentCapacity"/>), leaving out the waiting chats of <paramref name="replanned"/>.</summary>
    private static async Task<Dictionary<string, int>> LoadAsync(OmnichatDbContext db, List<string> userIds, IReadOnlyCollection<int> replanned, CancellationToken ct)
    {
        var owned = await db.Conversations.Where(AgentCapacity.TakesAPlace)
            .Where(c => userIds.Contains(c.OwnerId!))
            .GroupBy(c => c.OwnerId!)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var waitingForOne = await db.ConversationOffers
            .Where(o => userIds.Contains(o.UserId))
            .Where(o => db.Conversations.Any(c => c.Id == o.ConversationId && c.OwnerId == null && c.Status == ConversationStatus.Open
                                                  && !c.IsArchived && c.Offers.Count == 1
                                                  && (c.OfferWidened || c.QueueId == null || !replanned.Contains(c.QueueId.Value))))
            .Select(o => o.UserId)
            .ToListAsync(ct);
        // New chats of this write are not saved yet, so the queries miss them: a batch of arrivals spreads all the same.
        var unsaved = db.ChangeTracker.Entries<Conversation>()
            .Where(e => e.State == EntityState.Added && e.Entity.OwnerId == null && e.Entity.Offers.Count == 1)
            .Select(e => e.Entity.Offers[0].UserId);

        var load = owned.ToDictionary(o => o.UserId, o => o.Count);
        foreach (var userId in waitingForOne.Concat(unsaved)) load[userId] = load.GetValueOrDefault(userId) + 1;
        return load;
    }
}

/// <summary>
/// One planning pass over some queues, inside a write. A chat offered to one agent alone counts toward their load as
/// soon as it is planned, so chats planned one after another spread as if each had been saved.
/// </summary>
public sealed class RoutingRound
{
    public sealed record Member(int QueueId, string UserId, int Position, bool IsAway);

    private readonly ILookup<int, Member> membersByQueue;
    private readonly HashSet<string> available;
    private readonly Dictionary<string, int> load;

    internal RoutingRound(ILookup<int, Member> membersByQueue, HashSet<string> available, Dictionary<string, int> load)
    {
        this.membersByQueue = membersByQueue;
        this.available = available;
        this.load = load;
    }

    private int LoadOf(string userId) => load.GetValueOrDefault(userId);

    /// <summary>
    /// Who the chat is offered to by <paramref name="queue"/>'s strategy. An agent at the queue's maximum is never chosen.
    /// A <paramref name="current"/> offer to one agent who is still available with a place left stays with them, so
    /// offers do not hop between agents. Moves the queue's round-robin position on the tracked entity.
    /// </summary>
    public IReadOnlyList<string> Offer(Queue queue, IReadOnlyCollection<string> current)
    {
        var members = membersByQueue[queue.Id].ToList();
        var eligible = members
            .Where(m => available.Contains(m.UserId) && (queue.MaxOpenChatsPerAgent is not { } max || LoadOf(m.UserId) < max))
            .ToList();
        var kept = current.Count == 1 && eligible.Any(m => m.UserId == current.First()) ? current.First() : null;

        IReadOnlyList<string> chosen;
        // Nothing waits unseen: with nobody available (or nobody with a place left), every member sees the chat.
        if (queue.Strategy == AssignmentStrategy.All || eligible.Count == 0) chosen = members.Select(m => m.UserId).ToList();
        else
        {
            switch (queue.Strategy)
            {
                case AssignmentStrategy.TopN:
                    chosen = eligible.Take(Math.Max(1, queue.TopN)).Select(m => m.UserId).ToList();
                    break;
                case AssignmentStrategy.RoundRobin:
                    if (kept is not null) chosen = [kept];
                    else
                    {
                        var next = eligible.FirstOrDefault(m => m.Position > queue.RoundRobinLastPosition) ?? eligible[0];
                        queue.RoundRobinLastPosition = next.Position;
                        chosen = [next.UserId];
                    }
                    break;
                case AssignmentStrategy.LeastBusy:
                    // MinBy takes the first of equals: queue order is the tie-break.
                    chosen = [kept ?? eligible.MinBy(m => LoadOf(m.UserId))!.UserId];
                    break;
                default:
                    throw new InvalidOperationException($"Unknown strategy {queue.Strategy}.");
            }
        }

        if (chosen.Count == 1) load[chosen[0]] = LoadOf(chosen[0]) + 1;
        return chosen;
    }
}
