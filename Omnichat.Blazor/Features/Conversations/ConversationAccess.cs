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
    /// May read: whoever may act, plus supervisors and admins (read-only review of every customer conversation).
    /// Colleagues' internal chats are not for review: admins read those only through the audit view.
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanSee(Viewer viewer)
    {
        if (!viewer.IsAdmin && !viewer.IsSupervisor) return CanAct(viewer);
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted
            && (c.Channel != ChannelKind.Internal || c.Members.Any(m => m.UserId == userId && m.LeftAt == null));
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
