using Omnichat.Blazor.Features.Channels;
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
    /// <summary>The present members of an internal chat by id, with their display names.</summary>
    public IReadOnlyDictionary<string, string> MemberNames { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the customer has waited for a reply.</summary>
    public CustomerWait? Wait { get; init; }

    /// <summary>The labels on it, by name; the row also carries them (<see cref="Conversation.Labels"/>) for the label filter.</summary>
    public Features.Labels.LabelTags Labels { get; init; } = Features.Labels.LabelTags.None;

    /// <summary>Inbound messages after the reader's read mark; all of them for someone who never opened it.</summary>
    public int UnreadFor(string userId) => UnreadByReader.TryGetValue(userId, out var unread) ? unread : InboundCount;

    /// <summary>Counted in the viewer's tab title, as <see cref="InboxQuery.UnreadConversationsAsync"/> counts: theirs to answer, in Recent, not read.</summary>
    public bool IsUnreadFor(Viewer viewer) => ConversationAccessInMemory.For(viewer).CanAct(Row) && InboxQuery.InRecent(viewer)(Row) && UnreadFor(viewer.UserId) > 0;

    /// <summary>What an internal chat is called for one member: the group's name, or the colleague(s) they chat with.</summary>
    public static string InternalTitle(string? title, IReadOnlyDictionary<string, string> memberNames, string viewerId) =>
        title ?? string.Join(", ", memberNames.Where(m => m.Key != viewerId).Select(m => m.Value).Order(StringComparer.CurrentCultureIgnoreCase));

    public InboxItem ItemFor(Viewer viewer)
    {
        var access = ConversationAccessInMemory.For(viewer);
        return new InboxItem(Row.Id, Row.Channel, Row.Channel == ChannelKind.Internal ? InternalTitle(Row.Title, MemberNames, viewer.UserId) : ContactName, Row.LastMessagePreview, Row.LastActivityAt, OwnerName, QueueName,
            Row.Status, Row.IsArchived || Row.Members.Any(m => m.UserId == viewer.UserId && m.IsArchived), UnreadFor(viewer.UserId), Row.OwnerId == viewer.UserId, access.CanManage(Row), access.CanDelete(Row),
            IsReviewed: Row.ReviewedAt is not null)
        {
            Wait = Wait,
            Waiting = Row.Waiting,
            SnoozedUntil = Row.SnoozedUntil,
            Labels = Labels,
        };
    }
}
