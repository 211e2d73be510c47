using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Notifications;

public enum NotificationKind
{
    NewChatOffered,
    CustomerMessage,
    TransferredToMe,
    /// <summary>A colleague wrote in an internal chat I am in.</summary>
    InternalMessage,
    /// <summary>A chat I snoozed is back.</summary>
    SnoozeEnded,
    /// <summary>A colleague mentioned me in a private note; I may read that conversation now.</summary>
    Mentioned,
}

/// <param name="NoteId">For <see cref="NotificationKind.Mentioned"/>: the note that names me.</param>
public sealed record Notification(string UserId, NotificationKind Kind, long ConversationId, string ContactName, string? Preview, long? NoteId = null);

/// <summary>
/// Decides who is notified of a conversation change: a new chat offered to me, a customer message in a chat I own,
/// a chat transferred to me, a colleague's message in an internal chat I am in, a note that mentions me — never my own
/// actions, never a chat I cannot act on (or, when mentioned, read) (<see cref="ConversationAccess"/>).
/// Decided in memory from the snapshot <see cref="ConversationFanOut"/> reads once per change for every console, so a
/// storm of new chats costs no query per change here, and the publisher never waits for it.
/// </summary>
public sealed class NotificationFeed : IDisposable
{
    private readonly Broadcast<Notification> raised;
    private readonly IDisposable subscription;

    public NotificationFeed(ConversationFanOut fanOut, ILogger<NotificationFeed> logger)
    {
        raised = new Broadcast<Notification>(logger);
        subscription = fanOut.Subscribe(OnUpdateAsync);
    }

    /// <summary>Hears every notification, for whichever user; each console keeps its own user's.</summary>
    public IDisposable Subscribe(Action<Notification> handler) => raised.Subscribe(handler);

    public static IReadOnlyList<Notification> Decide(ConversationUpdate update)
    {
        if (update.Conversation is not { } now) return [];
        var change = update.Change;
        var row = now.Row;
        // An internal message names its writer, and the group it went to.
        var writer = change.ActorId is { } actor ? now.MemberNames.GetValueOrDefault(actor, "") : "";
        var name = row.Channel != ChannelKind.Internal ? now.ContactName : row.Title is { } group ? $"{writer} · {group}" : writer;
        Notification For(string userId, NotificationKind kind) => new(userId, kind, row.Id, name, row.LastMessagePreview);
        IEnumerable<Notification> notifications = change.Change switch
        {
            ConversationChange.MessageAdded when row.Channel == ChannelKind.Internal =>
                row.Members.Where(m => m.LeftAt == null).Select(m => For(m.UserId, NotificationKind.InternalMessage)),
            ConversationChange.Created or ConversationChange.OfferWidened or ConversationChange.Reoffered when row.OwnerId is null =>
                row.Offers.Select(offer => For(offer.UserId, NotificationKind.NewChatOffered)),
            // A message without an actor is the customer's; agents' messages name who wrote them.
            ConversationChange.MessageAdded when row.OwnerId is { } owner && change.ActorId is null =>
                [For(owner, NotificationKind.CustomerMessage)],
            ConversationChange.Transferred when row.OwnerId is { } target =>
                [For(target, NotificationKind.TransferredToMe)],
            ConversationChange.SnoozeEnded when row.OwnerId is { } owner =>
                [For(owner, NotificationKind.SnoozeEnded)],
            ConversationChange.NoteAdded when change.NoteId is { } note =>
                row.Mentions.Where(m => m.NoteId == note).Select(m => For(m.UserId, NotificationKind.Mentioned) with { NoteId = note }),
            _ => [],
        };
        // The one rule has the last word: only someone who may act on the conversation hears about it, and a mentioned
        // colleague, who may read it.
        return notifications
            .Where(n => n.UserId != change.ActorId && Concerns(ConversationAccessInMemory.For(Viewer.Agent(n.UserId)), n.Kind, row))
            .ToList();
    }

    private static bool Concerns(ConversationAccessInMemory access, NotificationKind kind, Conversation row) =>
        kind == NotificationKind.Mentioned ? access.CanSee(row) : access.CanAct(row);

    private async Task OnUpdateAsync(ConversationUpdate update)
    {
        if (!raised.HasSubscribers) return;
        foreach (var notification in Decide(update)) await raised.PublishAsync(notification);
    }

    public void Dispose() => subscription.Dispose();
}
