using System.Linq.Expressions;
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
    /// </summary>
    public static Expression<Func<Conversation, bool>> CanAct(Viewer viewer)
    {
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted
            && (c.OwnerId == userId || (c.OwnerId == null && c.Offers.Any(o => o.UserId == userId)));
    }

    /// <summary>May read: whoever may act, plus supervisors and admins (read-only review of everything).</summary>
    public static Expression<Func<Conversation, bool>> CanSee(Viewer viewer) =>
        viewer.IsAdmin || viewer.IsSupervisor
            ? c => c.Status != ConversationStatus.Deleted
            : CanAct(viewer);

    /// <summary>May reassign or unarchive: whoever may act, plus admins.</summary>
    public static Expression<Func<Conversation, bool>> CanManage(Viewer viewer) =>
        viewer.IsAdmin
            ? c => c.Status != ConversationStatus.Deleted
            : CanAct(viewer);

    /// <summary>May delete for good: the owner, or an admin.</summary>
    public static Expression<Func<Conversation, bool>> CanDelete(Viewer viewer)
    {
        if (viewer.IsAdmin) return c => c.Status != ConversationStatus.Deleted;
        var userId = viewer.UserId;
        return c => c.Status != ConversationStatus.Deleted && c.OwnerId == userId;
    }
}
