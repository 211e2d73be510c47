using System.Linq.Expressions;
using Omnichat.Blazor.Features.Channels;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>How an inbox list is ordered.</summary>
public enum InboxSort
{
    /// <summary>Newest activity first (the default).</summary>
    LatestActivity,
    /// <summary>Customers waiting longest for a reply first; conversations nobody waits on come after, newest first.</summary>
    LongestWaiting,
}

/// <summary>
/// Since when a customer has waited for a reply: their oldest message after the last reply sent (or after nothing, for
/// a first reply), with the queue's target. Null <see cref="Since"/>: nobody waits (answered, closed, internal chat).
/// </summary>
public sealed record CustomerWait(DateTime? Since, bool FirstReply, int? TargetMinutes)
{
    public bool IsWaiting => Since is not null;

    /// <summary>Waited longer than the queue's target.</summary>
    public bool IsLate(DateTime nowUtc) => Since is { } since && TargetMinutes is { } target && nowUtc - since > TimeSpan.FromMinutes(target);
}

/// <summary>
/// The inbox's two orders, as the database runs them (with their keyset cursor) and as a live list patches its rows in
/// memory, so both place a row the same way. The wait is worked out from the messages, one expression for both uses.
/// </summary>
public static class InboxSorting
{
    private static readonly Expression<Func<Conversation, DateTime?>> WaitingSince = c =>
        c.Status == ConversationStatus.Open && c.Channel != ChannelKind.Internal
            ? c.Messages.Where(m => m.Direction == MessageDirection.Inbound
                    && m.Id > (c.Messages.Where(o => o.Direction == MessageDirection.Outbound).Max(o => (long?)o.Id) ?? 0))
                .Min(m => (DateTime?)m.SentAt)
            : null;

    /// <summary>The wait of each conversation, read in one projection.</summary>
    public static readonly Expression<Func<Conversation, WaitRow>> Wait = Project();

    /// <summary>The waiting sort's key: since when, or never (last) for conversations nobody waits on.</summary>
    private static readonly Expression<Func<Conversation, DateTime>> WaitingKey =
        Expression.Lambda<Func<Conversation, DateTime>>(
            Expression.Coalesce(WaitingSince.Body, Expression.Constant(DateTime.MaxValue)), WaitingSince.Parameters);

    public sealed record WaitRow(long Id, DateTime? Since, bool Answered, int? TargetMinutes);

    public static IQueryable<Conversation> Order(IQueryable<Conversation> query, InboxSort sort, InboxCursor? after)
    {
        if (sort == InboxSort.LongestWaiting)
        {
            if (after is not null)
            {
                var key = after.WaitingKey ?? DateTime.MaxValue;
                query = query.Where(After(key, after.LastActivityAt, after.Id));
            }
            return query.OrderBy(WaitingKey).ThenByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id);
        }
        if (after is not null)
            query = query.Where(c => c.LastActivityAt < after.LastActivityAt || (c.LastActivityAt == after.LastActivityAt && c.Id < after.Id));
        return query.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id);
    }

    /// <summary>Where the next page starts: strictly after this row.</summary>
    public static InboxCursor CursorOf(InboxItem item, InboxSort sort) =>
        new(item.LastActivityAt, item.Id, sort == InboxSort.LongestWaiting ? KeyOf(item) : null);

    /// <summary>Whether <paramref name="item"/> comes before <paramref name="other"/> in the list.</summary>
    public static bool Precedes(InboxItem item, InboxItem other, InboxSort sort)
    {
        if (sort == InboxSort.LongestWaiting && KeyOf(item) != KeyOf(other)) return KeyOf(item) < KeyOf(other);
        return item.LastActivityAt > other.LastActivityAt || (item.LastActivityAt == other.LastActivityAt && item.Id > other.Id);
    }

    private static DateTime KeyOf(InboxItem item) => item.Wait?.Since ?? DateTime.MaxValue;

    // Rows after the cursor in (waiting key ascending, last activity descending, id descending).
    private static Expression<Func<Conversation, bool>> After(DateTime key, DateTime lastActivityAt, long id)
    {
        var c = WaitingKey.Parameters[0];
        var rowKey = WaitingKey.Body;
        var keyValue = Expression.Constant(key);
        Expression<Func<Conversation, bool>> tie = row => row.LastActivityAt < lastActivityAt || (row.LastActivityAt == lastActivityAt && row.Id < id);
        var tieBody = Microsoft.EntityFrameworkCore.Query.ReplacingExpressionVisitor.Replace(tie.Parameters[0], c, tie.Body);
        var body = Expression.OrElse(
            Expression.GreaterThan(rowKey, keyValue),
            Expression.AndAlso(Expression.Equal(rowKey, keyValue), tieBody));
        return Expression.Lambda<Func<Conversation, bool>>(body, c);
    }

    private static Expression<Func<Conversation, WaitRow>> Project()
    {
        var c = WaitingSince.Parameters[0];
        Expression<Func<Conversation, bool>> answered = row => row.Messages.Any(m => m.Direction == MessageDirection.Outbound);
        Expression<Func<Conversation, int?>> target = row => row.Queue != null ? row.Queue.FirstReplyTargetMinutes : null;
        Expression<Func<Conversation, long>> id = row => row.Id;
        Expression On<T>(Expression<Func<Conversation, T>> part) =>
            Microsoft.EntityFrameworkCore.Query.ReplacingExpressionVisitor.Replace(part.Parameters[0], c, part.Body);
        var constructor = typeof(WaitRow).GetConstructors().Single();
        return Expression.Lambda<Func<Conversation, WaitRow>>(
            Expression.New(constructor, On(id), WaitingSince.Body, On(answered), On(target)), c);
    }
}
