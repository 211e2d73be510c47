using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

public sealed record InboxItem(
    long Id,
    ChannelKind Channel,
    string ContactName,
    string? Preview,
    DateTime LastActivityAt,
    string? OwnerName,
    string? QueueName,
    ConversationStatus Status,
    bool IsArchived = false,
    int Unread = 0,
    bool IsMine = false,
    /// <summary>May transfer or unarchive it (see <see cref="ConversationAccess.CanManage"/>).</summary>
    bool CanManage = false,
    /// <summary>May delete it for good (see <see cref="ConversationAccess.CanDelete"/>).</summary>
    bool CanDelete = false);

/// <summary>Which conversations of a list to show. Owner filtering by agent is for supervisors reviewing a colleague.</summary>
public sealed record InboxFilter(
    int? QueueId = null,
    ChannelKind? Channel = null,
    InboxState State = InboxState.Any,
    string? AgentId = null,
    string? Search = null);

public enum InboxState
{
    Any,
    /// <summary>Recent list: nobody owns it yet.</summary>
    Unassigned,
    /// <summary>Recent list: an agent owns it.</summary>
    Assigned,
    /// <summary>Archive: archived without being closed.</summary>
    Archived,
    /// <summary>Archive: closed as dealt with.</summary>
    DealtWith,
    /// <summary>Archive: closed without reply.</summary>
    Ignored,
}

/// <summary>Keyset position: the last row shown. The next page starts strictly after it, so paging never uses OFFSET.</summary>
public sealed record InboxCursor(DateTime LastActivityAt, long Id);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, InboxCursor? Next);

/// <summary>The conversation lists a viewer may see, newest activity first; always filtered by <see cref="ConversationAccess"/>.</summary>
public sealed class InboxQuery(IDbContextFactory<OmnichatDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>The "Recent" list: open conversations not archived.</summary>
    public Task<InboxPage> RecentAsync(Viewer viewer, InboxFilter filter, InboxCursor? after = null, int take = PageSize, CancellationToken ct = default) =>
        PageAsync(viewer, c => c.Status == ConversationStatus.Open && !c.IsArchived, filter, after, take, ct);

    /// <summary>The archive: archived, dealt-with, ignored and ended (live chat) conversations.</summary>
    public Task<InboxPage> ArchiveAsync(Viewer viewer, InboxFilter filter, InboxCursor? after = null, int take = PageSize, CancellationToken ct = default) =>
        PageAsync(viewer, c => c.IsArchived, filter, after, take, ct);

    /// <summary>Every conversation of the contact the viewer may see, across channels, agents and queues, newest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> HistoryAsync(int contactId, Viewer viewer, CancellationToken ct = default) =>
        (await PageAsync(viewer, c => c.ContactId == contactId, new InboxFilter(), null, 100, ct)).Items;

    /// <summary>How many of the conversations the viewer answers have customer messages they have not read (the tab title shows it).</summary>
    public async Task<int> UnreadConversationsAsync(Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = viewer.UserId;
        return await db.Conversations
            .Where(ConversationAccess.CanAct(viewer))
            .Where(c => c.Status == ConversationStatus.Open && !c.IsArchived)
            .CountAsync(c => c.Messages.Any(m => m.Direction == MessageDirection.Inbound
                && m.Id > (db.ConversationReadMarks.Where(r => r.ConversationId == c.Id && r.UserId == userId)
                    .Select(r => (long?)r.LastReadMessageId).FirstOrDefault() ?? 0)), ct);
    }

    private async Task<InboxPage> PageAsync(
        Viewer viewer,
        Expression<Func<Conversation, bool>> list,
        InboxFilter filter,
        InboxCursor? after,
        int take,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Conversations.Where(ConversationAccess.CanSee(viewer)).Where(list);

        if (filter.QueueId is { } queueId) query = query.Where(c => c.QueueId == queueId);
        if (filter.Channel is { } channel) query = query.Where(c => c.Channel == channel);
        if (filter.AgentId is { } agentId) query = query.Where(c => c.OwnerId == agentId);
        query = filter.State switch
        {
            InboxState.Unassigned => query.Where(c => c.OwnerId == null),
            InboxState.Assigned => query.Where(c => c.OwnerId != null),
            InboxState.Archived => query.Where(c => c.Status == ConversationStatus.Open),
            InboxState.DealtWith => query.Where(c => c.Status == ConversationStatus.DealtWith),
            InboxState.Ignored => query.Where(c => c.Status == ConversationStatus.Ignored),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = $"%{filter.Search.Trim()}%";
            query = query.Where(c => c.Contact != null
                && (EF.Functions.Like(c.Contact.Name, pattern)
                    || c.Contact.Identities.Any(i => EF.Functions.Like(i.Value, pattern))
                    || EF.Functions.Like(c.LastMessagePreview, pattern)));
        }
        if (after is not null)
            query = query.Where(c => c.LastActivityAt < after.LastActivityAt || (c.LastActivityAt == after.LastActivityAt && c.Id < after.Id));

        var userId = viewer.UserId;
        var items = await query
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Take(take + 1)
            .Select(c => new InboxItem(
                c.Id,
                c.Channel,
                c.Contact != null ? c.Contact.Name : "",
                c.LastMessagePreview,
                c.LastActivityAt,
                db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                c.Queue != null ? c.Queue.Name : null,
                c.Status,
                c.IsArchived,
                c.Messages.Count(m => m.Direction == MessageDirection.Inbound
                    && m.Id > (db.ConversationReadMarks
                        .Where(r => r.ConversationId == c.Id && r.UserId == userId)
                        .Select(r => (long?)r.LastReadMessageId)
                        .FirstOrDefault() ?? 0)),
                c.OwnerId == userId))
            .ToListAsync(ct);

        var hasMore = items.Count > take;
        if (hasMore) items.RemoveAt(take);
        var ids = items.Select(i => i.Id).ToList();
        var manageable = await db.Conversations.Where(c => ids.Contains(c.Id)).Where(ConversationAccess.CanManage(viewer)).Select(c => c.Id).ToListAsync(ct);
        var deletable = await db.Conversations.Where(c => ids.Contains(c.Id)).Where(ConversationAccess.CanDelete(viewer)).Select(c => c.Id).ToListAsync(ct);
        items = items.Select(i => i with { CanManage = manageable.Contains(i.Id), CanDelete = deletable.Contains(i.Id) }).ToList();
        return new InboxPage(items, hasMore ? new InboxCursor(items[^1].LastActivityAt, items[^1].Id) : null);
    }
}
