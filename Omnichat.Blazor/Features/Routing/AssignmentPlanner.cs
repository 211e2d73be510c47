using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>Decides which queue members a new chat is offered to, by the queue's assignment strategy.</summary>
public sealed class AssignmentPlanner(AgentPresence presence)
{
    /// <summary>
    /// Returns the user ids to offer the chat to. Updates the queue's round-robin position on the tracked
    /// <paramref name="queue"/>; the caller saves it with the new conversation.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChooseAsync(OmnichatDbContext db, Queue queue, CancellationToken ct = default)
    {
        var members = await db.QueueMembers
            .Where(m => m.QueueId == queue.Id && m.User.DeactivatedAt == null)
            .OrderBy(m => m.Position)
            .Select(m => new { m.UserId, m.Position, m.User.IsAway })
            .ToListAsync(ct);
        var everyone = members.Select(m => m.UserId).ToList();
        if (queue.Strategy == AssignmentStrategy.All) return everyone;

        var available = members.Where(m => !m.IsAway && presence.IsOnline(m.UserId)).ToList();
        var availableIds = available.Select(m => m.UserId).ToList();
        var openChats = await db.Conversations
            .Where(c => c.Status == ConversationStatus.Open && c.OwnerId != null && availableIds.Contains(c.OwnerId))
            .GroupBy(c => c.OwnerId!)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UserId, g => g.Count, ct);
        int OpenChatsOf(string userId) => openChats.GetValueOrDefault(userId);

        if (queue.MaxOpenChatsPerAgent is { } cap)
            available = available.Where(m => OpenChatsOf(m.UserId) < cap).ToList();

        // Nothing waits unseen: with nobody available, every member sees the chat.
        if (available.Count == 0) return everyone;

        switch (queue.Strategy)
        {
            case AssignmentStrategy.TopN:
                return available.Take(Math.Max(1, queue.TopN)).Select(m => m.UserId).ToList();
            case AssignmentStrategy.RoundRobin:
                var next = available.FirstOrDefault(m => m.Position > queue.RoundRobinLastPosition) ?? available[0];
                queue.RoundRobinLastPosition = next.Position;
                return [next.UserId];
            case AssignmentStrategy.LeastBusy:
                // Stable ordering keeps queue order as the tie-break.
                return [available.OrderBy(m => OpenChatsOf(m.UserId)).First().UserId];
            default:
                throw new InvalidOperationException($"Unknown strategy {queue.Strategy}.");
        }
    }
}
