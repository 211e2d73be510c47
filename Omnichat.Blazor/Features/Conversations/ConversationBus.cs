using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Conversations;

public enum ConversationChange
{
    Created,
    MessageAdded,
    /// <summary>Files arrived for a message already announced (provider media, visitor uploads).</summary>
    AttachmentsAdded,
    DeliveryStateChanged,
    Claimed,
    Transferred,
    OfferWidened,
    StatusChanged,
    Deleted,
    /// <summary>The conversation's contact was named or saved; lists and headers show the new name.</summary>
    ContactChanged,
    /// <summary>Colleagues joined or left an internal chat, or one archived it for themselves.</summary>
    MembersChanged,
    /// <summary>A snoozed conversation's time came: it is open and needs a reply again.</summary>
    SnoozeEnded,
    /// <summary>A label was put on it or taken off, or one it carries was renamed or deleted.</summary>
    LabelsChanged,
    /// <summary>Routing offered a waiting chat to other agents: some may have lost it, others got it.</summary>
    Reoffered,
    /// <summary>A colleague wrote a private note: consoles show it, the customer's side hears nothing.</summary>
    NoteAdded,
    /// <summary>The customer rated the conversation after it was closed.</summary>
    Rated,
}

/// <param name="NoteId">The note a <see cref="ConversationChange.NoteAdded"/> is about, whose mentions are notified.</param>
public sealed record ConversationChanged(long ConversationId, ConversationChange Change, string? ActorId = null, long? NoteId = null);

/// <summary>
/// Committed conversation changes. A change carries ids only; whoever shows something reads it through
/// <see cref="ConversationAccess"/> (consoles and live-chat streams through <see cref="ConversationFanOut"/>, which
/// reads each change once for all of them), so a change never leaks to someone who may not see it.
/// </summary>
public sealed class ConversationBus(ILogger<ConversationBus> logger) : Broadcast<ConversationChanged>(logger);
