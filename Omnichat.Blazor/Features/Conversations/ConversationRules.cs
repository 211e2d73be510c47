using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// What a viewer may do to a conversation, one rule per action, each built on <see cref="ConversationAccess"/>. The
/// actions put the rule inside their conditional UPDATE and <see cref="ConversationReader"/> returns the same rules as
/// <see cref="ConversationActions"/>, so the menus show exactly what the server will accept.
/// </summary>
public static class ConversationRules
{
    /// <summary>Answer it (claiming it when unowned): whoever may act, while it is open.</summary>
    public static Expression<Func<Conversation, bool>> MayReply(Viewer viewer) =>
        And(ConversationAccess.CanAct(viewer), c => c.Status == ConversationStatus.Open);

    public static Expression<Func<Conversation, bool>> MayClaim(Viewer viewer) =>
        And(MayReply(viewer), c => c.OwnerId == null && c.Channel != ChannelKind.Internal);

    /// <summary>Archive: the owner only. Archiving an unowned chat would hide it from the whole queue.</summary>
    public static Expression<Func<Conversation, bool>> MayArchive(Viewer viewer)
    {
        var userId = viewer.UserId;
        return And(ConversationAccess.CanAct(viewer), c => c.OwnerId == userId && c.Status == ConversationStatus.Open && !c.IsArchived);
    }

    /// <summary>"Dealt with" closes and archives; internal chats are never dealt with.</summary>
    public static Expression<Func<Conversation, bool>> MayDealWith(Viewer viewer) =>
        And(ConversationAccess.CanAct(viewer),
            c => (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Ended) && c.Channel != ChannelKind.Internal);

    public static Expression<Func<Conversation, bool>> MayEndSession(Viewer viewer) =>
        And(ConversationAccess.CanAct(viewer), c => c.Status == ConversationStatus.Open && c.Channel == ChannelKind.LiveChat);

    /// <summary>Ignore: close a chat from an unknown sender without replying.</summary>
    public static Expression<Func<Conversation, bool>> MayIgnore(Viewer viewer) =>
        And(ConversationAccess.CanAct(viewer), c => c.Status == ConversationStatus.Open && c.Contact != null && !c.Contact.IsSaved);

    /// <summary>
    /// Set it pending or snooze it: the owner, while it is open. Like archive, never an unowned chat: it would leave the
    /// whole queue's view. Internal chats wait for nobody.
    /// </summary>
    public static Expression<Func<Conversation, bool>> MayWait(Viewer viewer)
    {
        var userId = viewer.UserId;
        return And(ConversationAccess.CanAct(viewer), c => c.OwnerId == userId && c.Status == ConversationStatus.Open && c.Channel != ChannelKind.Internal);
    }

    /// <summary>End the waiting by hand: the owner of a pending or snoozed conversation.</summary>
    public static Expression<Func<Conversation, bool>> MayReopen(Viewer viewer) => And(MayWait(viewer), c => c.Waiting != WaitingState.None);

    public static Expression<Func<Conversation, bool>> MayBlockVisitor(Viewer viewer) =>
        And(ConversationAccess.CanAct(viewer), c => c.Channel == ChannelKind.LiveChat);

    /// <summary>Transfer (which also reopens an archived or closed chat): whoever may manage it.</summary>
    public static Expression<Func<Conversation, bool>> MayTransfer(Viewer viewer) => ConversationAccess.CanManage(viewer);

    /// <summary>Transfer to this colleague: they must be an active user with a role, and not own it already.</summary>
    public static Expression<Func<Conversation, bool>> MayTransferTo(Viewer viewer, string targetUserId, OmnichatDbContext db)
    {
        var eligible = db.Users.Where(TransferTarget(db)).Select(u => u.Id);
        return And(MayTransfer(viewer), c => c.OwnerId != targetUserId && eligible.Contains(targetUserId));
    }

    /// <summary>Who may receive a transfer: an active user with a role.</summary>
    public static Expression<Func<ApplicationUser, bool>> TransferTarget(OmnichatDbContext db) =>
        u => u.DeactivatedAt == null && db.UserRoles.Any(r => r.UserId == u.Id);

    public static Expression<Func<Conversation, bool>> MayUnarchive(Viewer viewer) =>
        And(ConversationAccess.CanManage(viewer), c => c.IsArchived);

    public static Expression<Func<Conversation, bool>> MayDelete(Viewer viewer) => ConversationAccess.CanDelete(viewer);

    /// <summary>Both conditions, on one conversation parameter, as one expression the database can run.</summary>
    public static Expression<Func<Conversation, bool>> And(Expression<Func<Conversation, bool>> first, Expression<Func<Conversation, bool>> second) =>
        Combine(first, second, Expression.AndAlso);

    /// <summary>Either condition, on one conversation parameter.</summary>
    public static Expression<Func<Conversation, bool>> Or(Expression<Func<Conversation, bool>> first, Expression<Func<Conversation, bool>> second) =>
        Combine(first, second, Expression.OrElse);

    private static Expression<Func<Conversation, bool>> Combine(Expression<Func<Conversation, bool>> first, Expression<Func<Conversation, bool>> second,
        Func<Expression, Expression, BinaryExpression> join) =>
        Expression.Lambda<Func<Conversation, bool>>(
            join(first.Body, ReplacingExpressionVisitor.Replace(second.Parameters[0], first.Parameters[0], second.Body)), first.Parameters);
}

/// <summary>The actions a viewer may take on one conversation, read with it from the same rules the actions enforce.</summary>
public sealed record ConversationActions(
    bool Act,
    bool Reply,
    bool Claim,
    bool Transfer,
    bool Archive,
    bool DealWith,
    bool EndSession,
    bool Ignore,
    bool BlockVisitor,
    bool Unarchive,
    bool Delete,
    bool Wait,
    bool Reopen)
{
    /// <summary>One projection that evaluates every rule for <paramref name="viewer"/> in the database.</summary>
    public static Expression<Func<Conversation, ConversationActions>> Of(Viewer viewer)
    {
        Expression<Func<Conversation, bool>>[] rules =
        [
            ConversationAccess.CanAct(viewer),
            ConversationRules.MayReply(viewer),
            ConversationRules.MayClaim(viewer),
            ConversationRules.MayTransfer(viewer),
            ConversationRules.MayArchive(viewer),
            ConversationRules.MayDealWith(viewer),
            ConversationRules.MayEndSession(viewer),
            ConversationRules.MayIgnore(viewer),
            ConversationRules.MayBlockVisitor(viewer),
            ConversationRules.MayUnarchive(viewer),
            ConversationRules.MayDelete(viewer),
            ConversationRules.MayWait(viewer),
            ConversationRules.MayReopen(viewer),
        ];
        var conversation = Expression.Parameter(typeof(Conversation), "c");
        var constructor = typeof(ConversationActions).GetConstructors().Single();
        var flags = rules.Select(rule => ReplacingExpressionVisitor.Replace(rule.Parameters[0], conversation, rule.Body));
        return Expression.Lambda<Func<Conversation, ConversationActions>>(Expression.New(constructor, flags), conversation);
    }
}
