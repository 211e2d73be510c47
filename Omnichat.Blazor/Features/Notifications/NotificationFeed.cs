using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
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
}

public sealed record Notification(string UserId, NotificationKind Kind, long ConversationId, string ContactName, string? Preview);

/// <summary>
/// Decides who is notified of a conversation change: a new chat offered to me, a customer message in a chat I own,
/// a chat transferred to me, a colleague's message in an internal chat I am in — never my own actions, never a chat I
/// cannot see (offers, ownership and membership are what <see cref="ConversationAccess"/> grants agents).
/// </summary>
public sealed class NotificationFeed : IDisposable
{
    private readonly IDbContextFactory<OmnichatDbContext> dbFactory;
    private readonly Broadcast<Notification> raised;
    private readonly IDisposable subscription;

    public NotificationFeed(IDbContextFactory<OmnichatDbContext> dbFactory, ConversationBus bus, ILogger<NotificationFeed> logger)
    {
        this.dbFactory = dbFactory;
        raised = new Broadcast<Notification>(logger);
        subscription = bus.Subscribe(OnChangeAsync);
    }

    /// <summary>Hears every notification, for whichever user; each console keeps its own user's.</summary>
    public IDisposable Subscribe(Action<Notification> handler) => raised.Subscribe(handler);

    public async Task<IReadOnlyList<Notification>> DecideAsync(ConversationChanged change, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversation = await db.Conversations.Where(c => c.Id == change.ConversationId && c.Status != ConversationStatus.Deleted)
            .Select(c => new
            {
                c.OwnerId,
                c.Channel,
                c.Title,
                ContactName = c.Contact != null ? c.Contact.Name : "",
                Members = c.Members.Where(m => m.LeftAt == null).Select(m => m.UserId).ToList(),
                LastAuthor = c.Messages.OrderByDescending(m => m.Id)
                    .Select(m => db.Users.Where(u => u.Id == m.AuthorId).Select(u => u.DisplayName).FirstOrDefault()).FirstOrDefault(),
                c.LastMessagePreview,
                Offered = c.Offers.Select(o => o.UserId).ToList(),
                LastDirection = c.Messages.OrderByDescending(m => m.Id).Select(m => (MessageDirection?)m.Direction).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (conversation is null) return [];

        // An internal message names its writer, and the group it went to.
        var name = conversation.Channel != ChannelKind.Internal ? conversation.ContactName
            : conversation.Title is { } group ? $"{conversation.LastAuthor} · {group}" : conversation.LastAuthor ?? "";
        Notification For(string userId, NotificationKind kind) => new(userId, kind, change.ConversationId, name, conversation.LastMessagePreview);
        IEnumerable<Notification> notifications = change.Change switch
        {
            ConversationChange.MessageAdded when conversation.Channel == ChannelKind.Internal =>
                conversation.Members.Select(userId => For(userId, NotificationKind.InternalMessage)),
            ConversationChange.Created or ConversationChange.OfferWidened when conversation.OwnerId is null =>
                conversation.Offered.Select(userId => For(userId, NotificationKind.NewChatOffered)),
            ConversationChange.MessageAdded when conversation is { OwnerId: { } owner, LastDirection: MessageDirection.Inbound } =>
                [For(owner, NotificationKind.CustomerMessage)],
            ConversationChange.Transferred when conversation.OwnerId is { } target =>
                [For(target, NotificationKind.TransferredToMe)],
            _ => [],
        };
        var candidates = notifications.Where(n => n.UserId != change.ActorId).ToList();
        // The one rule has the last word: only someone who may act on the conversation hears about it.
        var allowed = new List<Notification>();
        foreach (var candidate in candidates)
            if (await db.Conversations.Where(c => c.Id == change.ConversationId).AnyAsync(ConversationAccess.CanAct(Viewer.Agent(candidate.UserId)), ct))
                allowed.Add(candidate);
        return allowed;
    }

    private async Task OnChangeAsync(ConversationChanged change)
    {
        if (!raised.HasSubscribers) return;
        foreach (var notification in await DecideAsync(change)) await raised.PublishAsync(notification);
    }

    public void Dispose() => subscription.Dispose();
}
