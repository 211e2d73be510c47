using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Features.Supervision;

/// <summary>Reads the live queue view's starting state; the open chats come as the same snapshots the fan-out sends afterwards.</summary>
public sealed class LiveQueueQuery(IDbContextFactory<OmnichatDbContext> dbFactory, InboxQuery inbox, AgentPresence presence)
{
    public async Task<LiveQueueBoard> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name)
            .Select(q => new BoardQueue(q.Id, q.Name, q.MaxOpenChatsPerAgent,
                q.Members.Where(m => m.User.DeactivatedAt == null && !m.User.IsDeleted).OrderBy(m => m.Position).Select(m => m.UserId).ToList()))
            .ToListAsync(ct);

        var openIds = await db.Conversations.Where(c => c.Channel != Channels.ChannelKind.Internal && c.Status == ConversationStatus.Open)
            .Select(c => c.Id).ToListAsync(ct);
        var chats = (await inbox.SnapshotsAsync(openIds, ct)).Values.Where(s => BoardChat.Counts(s.Row)).Select(BoardChat.From).ToList();

        var agentIds = queues.SelectMany(q => q.MemberIds).Concat(chats.Select(c => c.OwnerId).OfType<string>()).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => agentIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.IsAway }).ToListAsync(ct);
        // Served by the (AuthorId, SentAt) index: one seek per agent.
        var lastReplies = await db.Messages.Where(m => m.AuthorId != null && agentIds.Contains(m.AuthorId) && m.Direction == MessageDirection.Outbound)
            .GroupBy(m => m.AuthorId!).Select(g => new { AgentId = g.Key, At = g.Max(m => m.SentAt) })
            .ToDictionaryAsync(r => r.AgentId, r => r.At, ct);
        var agents = users.Select(u => new BoardAgent(u.Id, u.DisplayName, u.IsAway, presence.IsOnline(u.Id),
            lastReplies.TryGetValue(u.Id, out var at) ? at : null));
        return new LiveQueueBoard(queues, agents, chats);
    }
}
