using System.Collections.Concurrent;
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

    // Compiled once per viewer and list, shared by all their consoles, as the access rules are.
    private static readonly ConcurrentDictionary<(Viewer, bool Archive), Func<Conversation, bool>> compiledLists = new();

    /// <summary>
    /// The "Recent" list: open conversations not archived. An internal chat is archived by each member for themselves
    /// alone.
    /// </summary>
    public static Expression<Func<Conversation, bool>> Recent(Viewer viewer)
    {
        var userId = viewer.UserId;
        return c => c.Status == ConversationStatus.Open && !c.IsArchived && !c.Members.Any(m => m.UserId == userId && m.IsArchived);
    }

    /// <summary>The archive: archived, dealt-with, ignored and ended (live chat) conversations, and internal chats the viewer archived.</summary>
    public static Expression<Func<Conversation, bool>> Archive(Viewer viewer)
    {
        var userId = viewer.UserId;
        return c => c.IsArchived || c.Members.Any(m => m.UserId == userId && m.IsArchived);
    }

    public static Func<Conversation, bool> InRecent(Viewer viewer) => compiledLists.GetOrAdd((viewer, false), key => Recent(key.Item1).Compile());

    public static Func<Conversation, bool> InArchive(Viewer viewer) => compiledLists.GetOrAdd((viewer, true), key => Archive(key.Item1).Compile());

    public Task<InboxPage> RecentAsync(Viewer viewer, InboxFilter filter, InboxCursor? after = null, int take = PageSize, CancellationToken ct = default) =>
        PageAsync(viewer, Recent(viewer), filter, after, take, ct);

    public Task<InboxPage> ArchiveAsync(Viewer viewer, InboxFilter filter, InboxCursor? after = null, int take = PageSize, CancellationToken ct = default) =>
        PageAsync(viewer, Archive(viewer), filter, after, take, ct);

    /// <summary>Every conversation of the contact the viewer may see, across channels, agents and queues, newest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> HistoryAsync(int contactId, Viewer viewer, CancellationToken ct = default) =>
        (await PageAsync(viewer, c => c.ContactId == contactId, new InboxFilter(), null, 100, ct)).Items;

    /// <summary>The conversations the viewer answers that have customer (or colleague) messages they have not read (the tab title counts them).</summary>
    public async Task<IReadOnlySet<long>> UnreadConversationsAsync(Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = viewer.UserId;
        return (await db.Conversations
            .Where(ConversationAccess.CanAct(viewer))
            .Where(Recent(viewer))
            .Where(c => c.Messages.Any(m => (m.Direction == MessageDirection.Inbound || (c.Channel == ChannelKind.Internal && m.AuthorId != userId))
                && m.Id > (db.ConversationReadMarks.Where(r => r.ConversationId == c.Id && r.UserId == userId)
                    .Select(r => (long?)r.LastReadMessageId).FirstOrDefault() ?? 0)))
            .Select(c => c.Id)
            .ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The filter's conditions but the text search (which only the database runs): the query applies them, a live list too, in memory.</summary>
    public static IEnumerable<Expression<Func<Conversation, bool>>> Conditions(InboxFilter filter)
    {
        if (filter.QueueId is { } queueId) yield return c => c.QueueId == queueId;
        if (filter.Channel is { } channel) yield return c => c.Channel == channel;
        if (filter.AgentId is { } agentId) yield return c => c.OwnerId == agentId;
        switch (filter.State)
        {
            case InboxState.Unassigned: yield return c => c.OwnerId == null; break;
            case InboxState.Assigned: yield return c => c.OwnerId != null; break;
            case InboxState.Archived: yield return c => c.Status == ConversationStatus.Open; break;
            case InboxState.DealtWith: yield return c => c.Status == ConversationStatus.DealtWith; break;
            case InboxState.Ignored: yield return c => c.Status == ConversationStatus.Ignored; break;
        }
    }

    /// <summary>The given conversations as every list shows them, deleted ones included (the rules hide those), in one query.</summary>
    public async Task<IReadOnlyDictionary<long, ConversationSnapshot>> SnapshotsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await SnapshotsAsync(db, db.Conversations.Where(c => ids.Contains(c.Id)), ct)).ToDictionary(s => s.Row.Id);
    }

    private static async Task<List<ConversationSnapshot>> SnapshotsAsync(OmnichatDbContext db, IQueryable<Conversation> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Select(c => new
            {
                Row = c,
                Offers = c.Offers.ToList(),
                Members = c.Members.ToList(),
                MemberNames = c.Members.Where(m => m.LeftAt == null)
                    .Select(m => new { m.UserId, Name = db.Users.Where(u => u.Id == m.UserId).Select(u => u.DisplayName).FirstOrDefault() })
                    .ToList(),
                ContactName = c.Contact != null ? c.Contact.Name : "",
                OwnerName = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                QueueName = c.Queue != null ? c.Queue.Name : null,
                Inbound = c.Messages.Count(m => m.Direction == MessageDirection.Inbound),
                Unread = db.ConversationReadMarks.Where(r => r.ConversationId == c.Id)
                    .Select(r => new
                    {
                        r.UserId,
                        Inbound = db.Messages.Count(m => m.ConversationId == r.ConversationId && m.Direction == MessageDirection.Inbound && m.Id > r.LastReadMessageId),
                        ByOthers = db.Messages.Count(m => m.ConversationId == r.ConversationId && m.AuthorId != null && m.AuthorId != r.UserId && m.Id > r.LastReadMessageId),
                    })
                    .ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            r.Row.Offers = r.Offers;
            r.Row.Members = r.Members;
            // A colleague's message in an internal chat is unread for every other member, as a customer's is for agents.
            var internalChat = r.Row.Channel == ChannelKind.Internal;
            return new ConversationSnapshot(r.Row, r.ContactName, r.OwnerName, r.QueueName, r.Inbound,
                r.Unread.ToDictionary(u => u.UserId, u => internalChat ? u.ByOthers : u.Inbound))
            {
                MemberNames = r.MemberNames.ToDictionary(m => m.UserId, m => m.Name ?? ""),
            };
        }).ToList();
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
        foreach (var condition in Conditions(filter)) query = query.Where(condition);
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

        var page = query.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id).Take(take + 1);
        var items = (await SnapshotsAsync(db, page, ct)).Select(s => s.ItemFor(viewer)).ToList();
        var hasMore = items.Count > take;
        if (hasMore) items.RemoveAt(take);
        return new InboxPage(items, hasMore ? new InboxCursor(items[^1].LastActivityAt, items[^1].Id) : null);
    }
}
