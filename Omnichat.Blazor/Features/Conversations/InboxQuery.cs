using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Search;
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
    bool CanDelete = false,
    /// <summary>A supervisor or admin marked it reviewed.</summary>
    bool IsReviewed = false)
{
    /// <summary>Pending or snoozed: it needs no reply for now.</summary>
    public WaitingState Waiting { get; init; }

    /// <summary>When a snoozed conversation comes back (UTC).</summary>
    public DateTime? SnoozedUntil { get; init; }

    /// <summary>With a text search on: the newest message that matched, the match marked (see <see cref="FullTextQuery"/>).</summary>
    public SearchMatch? Match { get; init; }

    /// <summary>How long the customer has waited for a reply, against the queue's target (see <see cref="InboxSorting"/>).</summary>
    public CustomerWait? Wait { get; init; }

    public LabelTags Labels { get; init; } = LabelTags.None;
}

/// <summary>A message a search found, and an excerpt of it with the matched words between <see cref="FullTextQuery.MatchStart"/> and <see cref="FullTextQuery.MatchEnd"/>.</summary>
public sealed record SearchMatch(long MessageId, string Excerpt);

/// <summary>Which conversations of a list to show. Owner filtering by agent is for supervisors reviewing a colleague.</summary>
public sealed record InboxFilter(
    int? QueueId = null,
    ChannelKind? Channel = null,
    InboxState State = InboxState.Any,
    string? AgentId = null,
    string? Search = null,
    int? LabelId = null,
    /// <summary>Archive: only reviewed (true) or only not yet reviewed (false) conversations.</summary>
    bool? Reviewed = null,
    /// <summary>Only these queues (the "My queues" quick view).</summary>
    IReadOnlyList<int>? QueueIds = null,
    InboxSort Sort = InboxSort.LatestActivity);

public enum InboxState
{
    Any,
    /// <summary>Recent list: needs a reply (neither pending nor snoozed); the list opens on it.</summary>
    Open,
    /// <summary>Recent list: needs a reply and nobody owns it yet.</summary>
    Unassigned,
    /// <summary>Recent list: needs a reply and an agent owns it.</summary>
    Assigned,
    /// <summary>Recent list: waiting for the customer.</summary>
    Pending,
    /// <summary>Recent list: snoozed until a time.</summary>
    Snoozed,
    /// <summary>Archive: archived without being closed.</summary>
    Archived,
    /// <summary>Archive: closed as dealt with.</summary>
    DealtWith,
    /// <summary>Archive: closed without reply.</summary>
    Ignored,
}

/// <summary>
/// Keyset position: the last row shown. The next page starts strictly after it, so paging never uses OFFSET. Under the
/// waiting sort it also holds that row's waiting key (see <see cref="InboxSorting.CursorOf"/>).
/// </summary>
public sealed record InboxCursor(DateTime LastActivityAt, long Id, DateTime? WaitingKey = null);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, InboxCursor? Next);

/// <summary>The conversation lists a viewer may see, newest activity first; always filtered by <see cref="ConversationAccess"/>.</summary>
public sealed class InboxQuery(IDbContextFactory<OmnichatDbContext> dbFactory, ContactAddresses addresses)
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
        PageAsync(viewer, ConversationAccess.CanSee(viewer), Recent(viewer), filter, after, take, ct);

    public Task<InboxPage> ArchiveAsync(Viewer viewer, InboxFilter filter, InboxCursor? after = null, int take = PageSize, CancellationToken ct = default) =>
        PageAsync(viewer, ConversationAccess.CanSee(viewer), Archive(viewer), filter, after, take, ct);

    /// <summary>
    /// The contact's interaction history: every conversation across channels, agents and queues that the viewer may read
    /// as history (<see cref="ConversationAccess.CanReadAsHistory"/>), newest first.
    /// </summary>
    public async Task<IReadOnlyList<InboxItem>> HistoryAsync(int contactId, Viewer viewer, CancellationToken ct = default) =>
        (await PageAsync(viewer, ConversationAccess.CanReadAsHistory(viewer), c => c.ContactId == contactId, new InboxFilter(), null, 100, ct)).Items;

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
        if (filter.QueueIds is { } queueIds) yield return c => c.QueueId != null && queueIds.Contains(c.QueueId.Value);
        if (filter.Channel is { } channel) yield return c => c.Channel == channel;
        if (filter.AgentId is { } agentId) yield return c => c.OwnerId == agentId;
        if (filter.LabelId is { } labelId) yield return c => c.Labels.Any(l => l.LabelId == labelId);
        if (filter.Reviewed is { } reviewed) yield return c => (c.ReviewedAt != null) == reviewed;
        switch (filter.State)
        {
            case InboxState.Open: yield return c => c.Waiting == WaitingState.None; break;
            case InboxState.Unassigned: yield return c => c.OwnerId == null && c.Waiting == WaitingState.None; break;
            case InboxState.Assigned: yield return c => c.OwnerId != null && c.Waiting == WaitingState.None; break;
            case InboxState.Pending: yield return c => c.Waiting == WaitingState.Pending; break;
            case InboxState.Snoozed: yield return c => c.Waiting == WaitingState.Snoozed; break;
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
                Labels = c.Labels.OrderBy(l => l.Label.Name).Select(l => new LabelTag(l.LabelId, l.Label.Name, l.Label.Colour)).ToList(),
                Mentions = c.Mentions.ToList(),
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
        // By id: a page's filter, order and full-text search have run once already.
        var ids = rows.Select(r => r.Row.Id).ToList();
        var waits = await db.Conversations.Where(c => ids.Contains(c.Id)).Select(InboxSorting.Wait).ToDictionaryAsync(w => w.Id, ct);
        return rows.Select(r =>
        {
            r.Row.Offers = r.Offers;
            r.Row.Members = r.Members;
            r.Row.Labels = r.Labels.Select(l => new ConversationLabel { ConversationId = r.Row.Id, LabelId = l.Id }).ToList();
            r.Row.Mentions = r.Mentions;
            // A colleague's message in an internal chat is unread for every other member, as a customer's is for agents.
            var internalChat = r.Row.Channel == ChannelKind.Internal;
            return new ConversationSnapshot(r.Row, r.ContactName, r.OwnerName, r.QueueName, r.Inbound,
                r.Unread.ToDictionary(u => u.UserId, u => internalChat ? u.ByOthers : u.Inbound))
            {
                MemberNames = r.MemberNames.ToDictionary(m => m.UserId, m => m.Name ?? ""),
                Wait = waits.TryGetValue(r.Row.Id, out var wait) ? new CustomerWait(wait.Since, !wait.Answered, wait.TargetMinutes) : null,
                Labels = LabelTags.Of(r.Labels),
            };
        }).ToList();
    }

    private async Task<InboxPage> PageAsync(
        Viewer viewer,
        Expression<Func<Conversation, bool>> access,
        Expression<Func<Conversation, bool>> list,
        InboxFilter filter,
        InboxCursor? after,
        int take,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Conversations.Where(access).Where(list);
        foreach (var condition in Conditions(filter)) query = query.Where(condition);
        var match = FullTextQuery.From(filter.Search, addresses);
        if (match is not null)
        {
            // Anything said in the conversation, or the contact's name or any of their addresses. Uncorrelated, so
            // SQLite runs each full-text lookup once for the whole page.
            var saidIn = db.Database.SqlQuery<long>($"""
                SELECT m."ConversationId" AS "Value" FROM "MessageSearch" JOIN "Messages" AS m ON m."Id" = "MessageSearch".rowid
                WHERE "MessageSearch" MATCH {match}
                """);
            var contacts = db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "ContactSearch" WHERE "ContactSearch" MATCH {match}""");
            query = query.Where(c => saidIn.Contains(c.Id) || (c.ContactId != null && contacts.Contains(c.ContactId.Value)));
        }
        else if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            return new InboxPage([], null); // nothing searchable typed, such as only punctuation
        }
        var page = InboxSorting.Order(query, filter.Sort, after).Take(take + 1);
        var items = (await SnapshotsAsync(db, page, ct)).Select(s => s.ItemFor(viewer)).ToList();
        var hasMore = items.Count > take;
        if (hasMore) items.RemoveAt(take);
        if (match is not null) items = await WithMatchesAsync(db, items, match, ct);
        return new InboxPage(items, hasMore ? InboxSorting.CursorOf(items[^1], filter.Sort) : null);
    }

    /// <summary>Each row with the newest of its messages that matched, as a marked excerpt (a contact-only match has none).</summary>
    private static async Task<List<InboxItem>> WithMatchesAsync(OmnichatDbContext db, List<InboxItem> items, string match, CancellationToken ct)
    {
        if (items.Count == 0) return items;
        var ids = System.Text.Json.JsonSerializer.Serialize(items.Select(i => i.Id));
        var (start, end) = (FullTextQuery.MatchStart.ToString(), FullTextQuery.MatchEnd.ToString());
        var hits = await db.Database.SqlQuery<MatchRow>($"""
            SELECT m."ConversationId", m."Id" AS "MessageId", snippet("MessageSearch", 0, {start}, {end}, '…', 16) AS "Excerpt"
            FROM "MessageSearch" JOIN "Messages" AS m ON m."Id" = "MessageSearch".rowid
            WHERE "MessageSearch" MATCH {match} AND m."ConversationId" IN (SELECT value FROM json_each({ids}))
            """).ToListAsync(ct);
        var newest = hits.GroupBy(h => h.ConversationId).ToDictionary(g => g.Key, g => g.MaxBy(h => h.MessageId)!);
        return items.Select(i => newest.TryGetValue(i.Id, out var hit) ? i with { Match = new SearchMatch(hit.MessageId, hit.Excerpt) } : i).ToList();
    }

    private sealed record MatchRow(long ConversationId, long MessageId, string Excerpt);
}
