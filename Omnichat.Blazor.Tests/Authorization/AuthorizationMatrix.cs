using Omnichat.Blazor.Features.Conversations;
using static Omnichat.Blazor.Tests.Authorization.Principal;

namespace Omnichat.Blazor.Tests.Authorization;

/// <summary>Who tries. Each cell's conversation is new: unclaimed for the offered agent, claimed by the owner for everyone else.</summary>
public enum Principal
{
    Anonymous,
    /// <summary>An agent of another queue.</summary>
    AgentNotInQueue,
    /// <summary>A member of the queue the unclaimed chat is offered to.</summary>
    OfferedAgent,
    Owner,
    /// <summary>A member of the queue who was offered the chat, after the owner claimed it.</summary>
    AgentAfterClaim,
    Supervisor,
    Admin,
    /// <summary>A queue member, signed in before an admin deactivated them.</summary>
    DeactivatedUser,
    /// <summary>A live-chat visitor of the same site, with their own conversation and token.</summary>
    OtherVisitor,
    /// <summary>An agent of another queue, mentioned in a private note on the conversation: reads it, acts on nothing.</summary>
    MentionedAgent,
}

public enum RowKind
{
    Page,
    Endpoint,
    File,
    ConversationAction,
    AdminAction,
    LiveUpdate,
}

/// <param name="Attempt">Makes the attempt as the cell's principal; true when it got through (or the update arrived).</param>
/// <param name="Prepare">Brings the cell's conversation into the state the action needs, done by its owner.</param>
public sealed record MatrixRow(string Name, RowKind Kind, IReadOnlySet<Principal> Allowed, Func<MatrixCell, Task<bool>> Attempt,
    Func<MatrixCell, Task>? Prepare = null)
{
    public string Expected(Principal who) =>
        Allowed.Contains(who) ? "allowed" : Kind == RowKind.LiveUpdate ? "no live update" : "refused";
}

/// <summary>
/// The one table of who may do what. A new page, endpoint, action or live update adds a row here, naming who may;
/// everyone else must be refused. Every cell runs against the real app (<see cref="AuthorizationMatrixTests"/>).
/// </summary>
public static class AuthorizationMatrix
{
    private static IReadOnlySet<Principal> Only(params Principal[] who) => who.ToHashSet();

    public static readonly IReadOnlySet<Principal> Nobody = Only();
    public static readonly IReadOnlySet<Principal> Everyone = Enum.GetValues<Principal>().ToHashSet();
    /// <summary>Every signed-in, active user.</summary>
    public static readonly IReadOnlySet<Principal> Staff = Only(AgentNotInQueue, OfferedAgent, Owner, AgentAfterClaim, Supervisor, Admin, MentionedAgent);
    /// <summary>Who may act on it, and the reviewers: who reads the customer's other conversations and edits the contact.</summary>
    public static readonly IReadOnlySet<Principal> ActorsAndReviewers = Only(OfferedAgent, Owner, Supervisor, Admin);
    /// <summary>Who may see the conversation: who may act on it, the reviewers, and a colleague mentioned in one of its notes.</summary>
    public static readonly IReadOnlySet<Principal> Readers = Only(OfferedAgent, Owner, Supervisor, Admin, MentionedAgent);
    /// <summary>Who may act on it: the owner once owned, the agents it is offered to while unowned.</summary>
    public static readonly IReadOnlySet<Principal> Actors = Only(OfferedAgent, Owner);

    private static MatrixRow Page(string path, IReadOnlySet<Principal> allowed) =>
        new($"page {path}", RowKind.Page, allowed, cell => cell.PageOpensAsync(path));

    private static MatrixRow Act(string name, IReadOnlySet<Principal> allowed, Func<MatrixCell, Omnichat.Blazor.Features.Users.Viewer, Task<Outcome>> action,
        Func<MatrixCell, Task>? prepare = null) =>
        new($"conversation action: {name}", RowKind.ConversationAction, allowed,
            cell => cell.ActAsync(async viewer => await action(cell, viewer) == Outcome.Done), prepare);

    public static readonly MatrixRow[] Rows =
    [
        Page("/", Staff),
        Page("/archive", Staff),
        Page("/settings/chat", Staff),
        Page("/Account/Manage", Staff),
        Page("/admin/users", Only(Admin)),
        Page("/admin/queues", Only(Admin)),
        Page("/admin/channels", Only(Admin)),
        Page("/admin/simulator", Only(Admin)),
        Page("/admin/blocked", Only(Admin)),
        Page("/admin/failed-events", Only(Admin)),
        Page("/admin/templates", Only(Admin)),
        Page("/supervision/live", Only(Supervisor, Admin)),
        new("page /conversations/{id} shows the conversation", RowKind.Page, Readers, cell => cell.ConversationPageShowsItAsync()),
        new("page /conversations/{id} shows the contact's earlier chat, handled by someone else (history)", RowKind.Page, ActorsAndReviewers,
            cell => cell.ConversationPageShowsItAsync(cell.Scene.EarlierConversationId)),
        Page("/contacts", Staff),
        new("page /contacts/{id} of the chat's contact", RowKind.Page, Staff, cell => cell.ContactPageOpensAsync()),
        new("page /conversations/{id} of an internal chat between the owner and the offered agent", RowKind.Page, Only(OfferedAgent, Owner),
            cell => cell.ConversationPageShowsItAsync(cell.World.InternalChatId)),

        new("file /files/{id} of the conversation", RowKind.File, Readers, cell => cell.DownloadsAsync($"/files/{cell.Scene.SentFileId}")),
        new("media link of a sent file (the link is the permission)", RowKind.File, Everyone, cell => cell.DownloadsAsync(cell.Scene.SentFileMediaPath)),
        new("media link of a file not sent yet", RowKind.File, Nobody, cell => cell.DownloadsAsync(cell.Scene.DraftFileMediaPath)),
        new("endpoint POST /language", RowKind.Endpoint, Staff, cell => cell.SwitchesLanguageAsync()),
        new("endpoint GET /livechat/{site}/messages shows the visitor's thread", RowKind.Endpoint, Nobody, cell => cell.ReadsVisitorThreadAsync()),

        Act("reply", Actors, (cell, viewer) => cell.ReplyAsync(viewer)),
        Act("claim", Actors, (cell, viewer) => cell.Lifecycle.ClaimAsync(cell.Scene.ConversationId, viewer)),
        Act("archive", Only(Owner), (cell, viewer) => cell.Lifecycle.ArchiveAsync(cell.Scene.ConversationId, viewer)),
        Act("mark dealt with", Actors, (cell, viewer) => cell.Lifecycle.MarkDealtWithAsync(cell.Scene.ConversationId, viewer)),
        Act("end the chat session", Actors, (cell, viewer) => cell.Lifecycle.EndSessionAsync(cell.Scene.ConversationId, viewer)),
        Act("ignore", Actors, (cell, viewer) => cell.Lifecycle.IgnoreAsync(cell.Scene.ConversationId, viewer)),
        new("conversation action: save the contact", RowKind.ConversationAction, Actors, cell => cell.ActAsync(cell.SavesContactAsync)),
        Act("block the visitor", Actors, (cell, viewer) => cell.Blocks.BlockVisitorAsync(cell.Scene.ConversationId, viewer)),
        Act("transfer to an active colleague", Only(OfferedAgent, Owner, Admin),
            (cell, viewer) => cell.Lifecycle.TransferAsync(cell.Scene.ConversationId, viewer, cell.World.TransferTarget.UserId, null)),
        Act("transfer to a deactivated colleague", Nobody,
            (cell, viewer) => cell.Lifecycle.TransferAsync(cell.Scene.ConversationId, viewer, cell.World.Deactivated.UserId, null)),
        Act("unarchive", Only(Owner, Admin), (cell, viewer) => cell.Lifecycle.UnarchiveAsync(cell.Scene.ConversationId, viewer),
            prepare: cell => cell.OwnerArchivesAsync()),
        Act("delete for good", Only(Owner, Admin), (cell, viewer) => cell.Lifecycle.DeleteAsync(cell.Scene.ConversationId, viewer)),
        Act("write a private note", Actors, (cell, viewer) => cell.WritesNoteAsync(viewer)),
        new("conversation search finds its private note", RowKind.ConversationAction, Readers, cell => cell.ActAsync(cell.SearchFindsNoteAsync)),

        new("contact action: edit name, language and notes", RowKind.ConversationAction, ActorsAndReviewers, cell => cell.ActAsync(cell.EditsContactAsync)),
        new("admin action: erase the contact", RowKind.AdminAction, Only(Admin), cell => cell.ActAsync(cell.ErasesContactAsync)),
        new("admin action: lift an IP block", RowKind.AdminAction, Only(Admin), cell => cell.LiftsBlockAsync(), Prepare: cell => cell.OwnerBlocksVisitorAsync()),

        new("live update: the Recent list shows the new message", RowKind.LiveUpdate, Readers, cell => cell.RecentListShowsNewMessageAsync()),
        new("live update: notification of the chat", RowKind.LiveUpdate, Actors, cell => cell.IsNotifiedAsync()),
        new("live update: notification of a mention in a private note", RowKind.LiveUpdate, Only(MentionedAgent), cell => cell.IsNotifiedOfMentionAsync()),
        new("live update: the widget's stream signals the visitor's chat", RowKind.LiveUpdate, Nobody, cell => cell.VisitorStreamSignalsTheChatAsync()),
    ];

    public static IEnumerable<object[]> Cells() =>
        from row in Rows from who in Enum.GetValues<Principal>() select new object[] { row.Name, who };
}
