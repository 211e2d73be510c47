using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Features.Conversations;

public enum ConversationStatus
{
    Open,
    /// <summary>A live chat session the agent ended: closed for the visitor and, like dealt with, moved to the archive.</summary>
    Ended,
    DealtWith,
    Ignored,
    Deleted,
}

/// <summary>
/// Why an open conversation needs no reply for now. Not a <see cref="ConversationStatus"/>: a waiting conversation is
/// still open in every rule (its owner replies, the customer's message joins it, it can be dealt with or archived); it
/// only leaves the "needs reply" views until the customer writes or, when snoozed, its time comes.
/// </summary>
public enum WaitingState
{
    None,
    /// <summary>Waiting for the customer: back to open on their next message.</summary>
    Pending,
    /// <summary>Back to open at <see cref="Conversation.SnoozedUntil"/> or on the customer's next message, whichever is first.</summary>
    Snoozed,
}

public class Conversation
{
    public long Id { get; set; }
    public ChannelKind Channel { get; set; }
    public int? ChannelAccountId { get; set; }
    public ChannelAccount? ChannelAccount { get; set; }
    public int? QueueId { get; set; }
    public Queue? Queue { get; set; }
    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }

    public string? OwnerId { get; set; }
    public ConversationStatus Status { get; set; }

    /// <summary>Out of the owner's Recent list without being closed.</summary>
    public bool IsArchived { get; set; }

    public WaitingState Waiting { get; set; }

    /// <summary>When a snoozed conversation comes back (UTC); set exactly while <see cref="Waiting"/> is Snoozed.</summary>
    public DateTime? SnoozedUntil { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime LastActivityAt { get; set; }
    public string? LastMessagePreview { get; set; }

    /// <summary>When the current offer started; the offer timeout counts from here.</summary>
    public DateTime? OfferedAt { get; set; }
    public bool OfferWidened { get; set; }

    /// <summary>Agents who may see and answer the conversation while nobody owns it.</summary>
    public List<ConversationOffer> Offers { get; set; } = [];
    /// <summary>Colleagues in an internal chat, present and past; only present ones read it.</summary>
    public List<ConversationMember> Members { get; set; } = [];
    /// <summary>Colleagues named in its private notes, who may read it for that (<see cref="ConversationAccess.MentionedIn"/>).</summary>
    public List<NoteMention> Mentions { get; set; } = [];

    /// <summary>An internal group chat's name; null for a one-to-one chat and for customer conversations.</summary>
    public string? Title { get; set; }

    /// <summary>Who started an internal chat; with admins, the one who adds and removes group members.</summary>
    public string? StartedById { get; set; }

    /// <summary>
    /// The pair of colleagues of a one-to-one internal chat (<see cref="DirectKeyOf"/>), unique, so two people starting
    /// a chat with each other at once end up in the same one.
    /// </summary>
    public string? DirectKey { get; set; }
    public List<Message> Messages { get; set; } = [];
    public List<ConversationEvent> Events { get; set; } = [];
    public List<Labels.ConversationLabel> Labels { get; set; } = [];

    public const int PreviewLength = 200;

    /// <summary>What the Recent list shows for a message that carries only files.</summary>
    public const string AttachmentPreview = "📎";

    /// <summary>Records a new message: the conversation moves up the lists with its preview.</summary>
    public void Touch(DateTime at, string body)
    {
        LastActivityAt = at;
        LastMessagePreview = Clip(body.ReplaceLineEndings(" "), PreviewLength);
    }

    public void AddEvent(ConversationEventKind kind, DateTime at, string? actorId = null, string? targetId = null, string? note = null) =>
        Events.Add(new ConversationEvent { Kind = kind, ActorId = actorId, TargetId = targetId, Note = note, At = at });

    public static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    public const int MaxTitleLength = 100;

    /// <summary>The same for both colleagues, whoever starts the chat.</summary>
    public static string DirectKeyOf(string userId, string otherUserId) =>
        string.CompareOrdinal(userId, otherUserId) < 0 ? $"{userId}|{otherUserId}" : $"{otherUserId}|{userId}";
}

/// <summary>
/// A colleague in an internal chat. Archive is theirs alone. Leaving (or being removed) ends their access to the whole
/// chat, history included, as in Slack or Teams; the row stays for the audit lines and for a later re-join.
/// </summary>
public class ConversationMember
{
    public long ConversationId { get; set; }
    public string UserId { get; set; } = "";
    public DateTime JoinedAt { get; set; }
    public DateTime? LeftAt { get; set; }
    public bool IsArchived { get; set; }
}

public class ConversationOffer
{
    public long ConversationId { get; set; }
    public string UserId { get; set; } = "";
}

public enum MessageDirection
{
    Inbound,
    Outbound,
    /// <summary>A private note for colleagues: neither received nor sent, never shown to the customer.</summary>
    Note,
}

public enum DeliveryState
{
    Received,
    Pending,
    /// <summary>An attempt got no answer, so the provider may already have it; it is checked there before any resend.</summary>
    Uncertain,
    Sent,
    Delivered,
    Read,
    Failed,
}

public class Message
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public MessageDirection Direction { get; set; }
    public string? AuthorId { get; set; }
    public string Body { get; set; } = "";
    public DateTime SentAt { get; set; }
    public DeliveryState State { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>The provider's id (Twilio MessageSid, Meta mid); unique so a retried webhook stores nothing new.</summary>
    public string? ProviderMessageId { get; set; }
}

public enum ConversationEventKind
{
    Created,
    Offered,
    OfferWidened,
    Claimed,
    Transferred,
    DealtWith,
    Archived,
    Unarchived,
    ReturnedToOwner,
    Ignored,
    Deleted,
    SessionEnded,
    VisitorBlocked,
    /// <summary>Its owner was deactivated or deleted, so it went back to its queue.</summary>
    ReturnedToQueue,
    /// <summary>A colleague was added to an internal chat (the target; the actor added them).</summary>
    MemberAdded,
    MemberRemoved,
    MemberLeft,
    /// <summary>An admin read an internal chat they are not a member of, through the audit view.</summary>
    AuditViewed,
    /// <summary>Its owner set it to wait for the customer.</summary>
    MarkedPending,
    /// <summary>Its owner snoozed it until <see cref="ConversationEvent.Until"/>.</summary>
    Snoozed,
    /// <summary>Its owner ended the waiting by hand.</summary>
    Reopened,
    /// <summary>The customer wrote while it was pending or snoozed.</summary>
    ReopenedByCustomer,
    /// <summary>Its snooze time came.</summary>
    SnoozeEnded,
    /// <summary>A label was put on it (the note names it); by nobody when its channel or queue sets it.</summary>
    LabelAdded,
    LabelRemoved,
    /// <summary>Routing offered a waiting chat to one agent (the target) as agents came, went or freed a place.</summary>
    Reoffered,
}

/// <summary>Audit line: who did what, when. Holds no message content, so it survives deletion.</summary>
public class ConversationEvent
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public ConversationEventKind Kind { get; set; }
    public string? ActorId { get; set; }
    public string? TargetId { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }

    /// <summary>For a snooze: until when (UTC), shown in each reader's own time zone.</summary>
    public DateTime? Until { get; set; }
}
