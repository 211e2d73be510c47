using System.Linq.Expressions;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The one rule for who may see and act on a conversation. Every query, action, download and live update
/// goes through these expressions so the rule is never re-derived elsewhere.
/// </summary>
public static class ConversationAccess
{
    /// <summary>
    /// May answer, claim, archive, close or transfer: the owner once owned; while unowned, the agents it is offered to.
    /// An internal chat: its present members, whatever their role.
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanAct(Viewer viewer)
    {
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted
            && (c.Channel == ChannelKind.Internal
                ? c.Members.Any(m => m.UserId == userId && m.LeftAt == null)
                : c.OwnerId == userId || (c.OwnerId == null && c.Offers.Any(o => o.UserId == userId)));
    }

    /// <summary>
    /// May read as part of a customer's history, read-only: every customer conversation of a contact with whom the
    /// viewer may act on some conversation, whoever owned it and whichever queue it went through. Supervisors and
    /// admins read every history. Internal chats are never part of a customer's history.
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanReadAsHistory(Viewer viewer)
    {
        if (viewer.IsReviewer)
            return c => c.Status != ConversationStatus.Deleted && c.Channel != ChannelKind.Internal && c.ContactId != null;
        var actsOn = CanAct(viewer);
        return c => c.Status != ConversationStatus.Deleted && c.Channel != ChannelKind.Internal && c.ContactId != null
            && c.Contact!.Conversations.AsQueryable().Any(actsOn);
    }

    /// <summary>
    /// May open and read, files included: what the viewer may see, plus the histories they may read. For queries only:
    /// it looks across the contact's conversations, which a snapshot does not hold, so it has no in-memory twin; an
    /// open conversation reloads from the database on every change anyway.
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanRead(Viewer viewer)
    {
        if (viewer.IsReviewer) return CanSee(viewer);
        var (sees, history) = (CanSee(viewer), CanReadAsHistory(viewer));
        var conversation = Expression.Parameter(typeof(Conversation), "c");
        return Expression.Lambda<Func<Conversation, bool>>(
            Expression.OrElse(Expression.Invoke(sees, conversation), Expression.Invoke(history, conversation)), conversation);
    }

    /// <summary>
    /// May read: whoever may act, colleagues mentioned in one of its notes (read-only), plus supervisors and admins
    /// (read-only review of every customer conversation). Colleagues' internal chats are not for review: admins read
    /// those only through the audit view.
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanSee(Viewer viewer)
    {
        if (!viewer.IsReviewer) return ConversationRules.Or(CanAct(viewer), MentionedIn(viewer));
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted
            && (c.Channel != ChannelKind.Internal || c.Members.Any(m => m.UserId == userId && m.LeftAt == null));
    }

    /// <summary>
    /// Mentioned in: a colleague named with "@" in a private note of a customer conversation reads it, whoever owns it,
    /// without being able to act on it. Internal chats have no notes.
    /// </summary>
    public static Expression<Func<Conversation, bool>> MentionedIn(Viewer viewer)
    {
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted && c.Channel != ChannelKind.Internal && c.Mentions.Any(m => m.UserId == userId);
    }

    /// <summary>
    /// May learn what last happened to it (who took, transferred or closed it): whoever may see it, plus whoever it was
    /// offered to or who handled it before, so a console that just lost the chat can say why.
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanFollow(Viewer viewer)
    {
        var userId = viewer.UserId;
        return ConversationRules.Or(CanSee(viewer),
            c => c.Offers.Any(o => o.UserId == userId) || c.Events.Any(e => e.ActorId == userId || e.TargetId == userId));
    }

    /// <summary>May reassign or unarchive a customer conversation: whoever may act, plus admins. Internal chats have no owner to change.</summary>
    public static Expression<Func<Conversation, bool>> CanManage(Viewer viewer)
    {
        var userId = viewer.UserId;
        return viewer.IsAdmin
            ? c => c.Status != ConversationStatus.Deleted && c.Channel != ChannelKind.Internal
            : c => c.Status != ConversationStatus.Deleted && c.Channel != ChannelKind.Internal
                && (c.OwnerId == userId || (c.OwnerId == null && c.Offers.Any(o => o.UserId == userId)));
    }

    /// <summary>May delete a customer conversation for good: the owner, or an admin.</summary>
    public static Expression<Func<Conversation, bool>> CanDelete(Viewer viewer)
    {
        if (viewer.IsAdmin) return c => c.Status != ConversationStatus.Deleted && c.Channel != ChannelKind.Internal;
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted && c.OwnerId == userId;
    }
}
