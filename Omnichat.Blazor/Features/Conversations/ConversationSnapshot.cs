using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// A conversation as the lists show it, read in one query: the row the access rules judge (status, owner, queue,
/// offers), the names shown, and each reader's unread count. The list query and the live fan-out share it, so a
/// console patches its list from a change exactly as a reload would show it.
/// </summary>
public sealed record ConversationSnapshot(
    Conversation Row,
    string ContactName,
    string? OwnerName,
    string? QueueName,
    int InboundCount,
    IReadOnlyDictionary<string, int> UnreadByReader)
{
    private static readonly Func<Conversation, bool> inRecent = InboxQuery.Recent.Compile();

    /// <summary>Inbound messages after the reader's read mark; all of them for someone who never opened it.</summary>
    public int UnreadFor(string userId) => UnreadByReader.TryGetValue(userId, out var unread) ? unread : InboundCount;

    /// <summary>Counted in the viewer's tab title, as <see cref="InboxQuery.UnreadConversationsAsync"/> counts: theirs to answer, in Recent, not read.</summary>
    public bool IsUnreadFor(Viewer viewer) => ConversationAccessInMemory.For(viewer).CanAct(Row) && inRecent(Row) && UnreadFor(viewer.UserId) > 0;

    public InboxItem ItemFor(Viewer viewer)
    {
        var access = ConversationAccessInMemory.For(viewer);
        return new InboxItem(Row.Id, Row.Channel, ContactName, Row.LastMessagePreview, Row.LastActivityAt, OwnerName, QueueName,
            Row.Status, Row.IsArchived, UnreadFor(viewer.UserId), Row.OwnerId == viewer.UserId, access.CanManage(Row), access.CanDelete(Row));
    }
}
