using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>The person behind a conversation, as the information panel and the unknown-contact bar need it.</summary>
public sealed record ContactCard(int Id, string Name, string? Email, string? Phone, bool IsSaved);

public sealed record ConversationDetail(
    long Id,
    ChannelKind Channel,
    ConversationStatus Status,
    bool IsArchived,
    ContactCard? Contact,
    string? OwnerId,
    string? OwnerName,
    string? QueueName,
    bool CanAct,
    bool CanManage)
{
    /// <summary>An internal chat's name for the viewer: the group's, or the colleague's they chat with.</summary>
    public string? Title { get; init; }

    /// <summary>An internal group chat, which members can leave (a one-to-one chat is archived instead).</summary>
    public bool IsGroup { get; init; }

    public bool IsOpen => Status == ConversationStatus.Open;
}

/// <summary>One line of a conversation thread: a message or an audit event, in time order.</summary>
public abstract record ThreadEntry(DateTime At);

public sealed record MessageLine(
    long Id,
    DateTime At,
    MessageDirection Direction,
    string Body,
    DeliveryState State,
    string? FailureReason,
    string? AuthorName) : ThreadEntry(At)
{
    /// <summary>Who wrote it, for an internal chat to tell one's own messages from colleagues'.</summary>
    public string? AuthorId { get; init; }

    /// <summary>Files the message carries, and inbound files that were refused.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
}

public sealed record EventLine(
    long Id,
    DateTime At,
    ConversationEventKind Kind,
    string? ActorName,
    string? TargetName,
    string? Note) : ThreadEntry(At);

/// <summary>A conversation handed to the viewer, for the notification they get.</summary>
public sealed record TransferNotice(long ConversationId, string ContactName, string? FromName, string? Note);

/// <summary>Reads one conversation (header, thread) and a contact's history, always through <see cref="ConversationAccess"/>.</summary>
public sealed class ConversationReader(IDbContextFactory<OmnichatDbContext> dbFactory, Attachments attachments, TimeProvider clock)
{
    /// <summary>Meta's reply window as it stands now, and, once only templates may go, the templates approved at the channel's provider.</summary>
    public async Task<(ReplyWindow Window, IReadOnlyList<MessageTemplate> Templates)> ReplyWindowAsync(long conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var window = await ReplyWindow.ForAsync(db, conversationId, clock.GetUtcNow().UtcDateTime, ct);
        if (window.State != ReplyWindowState.TemplatesOnly) return (window, []);
        var provider = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.ChannelAccount!.Provider).SingleAsync(ct);
        var templates = await db.MessageTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        return (window, templates.Where(t => TemplateService.IsApprovedFor(t, provider)).ToList());
    }

    /// <summary>The conversation as the viewer may see it, or null when they may not.</summary>
    public async Task<ConversationDetail?> DetailAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var one = db.Conversations.Where(c => c.Id == conversationId);
        var userId = viewer.UserId;
        var row = await one
            .Where(ConversationAccess.CanSee(viewer))
            .Select(c => new
            {
                c.Id,
                c.Channel,
                c.Status,
                // A member archives an internal chat for themselves.
                IsArchived = c.IsArchived || c.Members.Any(m => m.UserId == userId && m.IsArchived),
                Contact = c.Contact == null ? null : new ContactCard(
                    c.Contact.Id,
                    c.Contact.Name,
                    c.Contact.Email,
                    c.Contact.Identities
                        .Where(i => i.Kind == IdentityKind.Phone || i.Kind == IdentityKind.WhatsApp)
                        .Select(i => i.Value)
                        .FirstOrDefault(),
                    c.Contact.IsSaved),
                c.OwnerId,
                OwnerName = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                QueueName = c.Queue != null ? c.Queue.Name : null,
                c.Title,
                IsGroup = c.Channel == ChannelKind.Internal && c.DirectKey == null,
                MemberNames = c.Members.Where(m => m.LeftAt == null)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;

        var canAct = await one.AnyAsync(ConversationAccess.CanAct(viewer), ct);
        var canManage = await one.AnyAsync(ConversationAccess.CanManage(viewer), ct);
        return new ConversationDetail(row.Id, row.Channel, row.Status, row.IsArchived, row.Contact, row.OwnerId, row.OwnerName, row.QueueName, canAct, canManage)
        {
            Title = row.Channel == ChannelKind.Internal
                ? ConversationSnapshot.InternalTitle(row.Title, row.MemberNames.ToDictionary(m => m.Id, m => m.DisplayName), viewer.UserId)
                : null,
            IsGroup = row.IsGroup,
        };
    }

    /// <summary>Messages and audit events merged in time order, or null when the viewer may not see the conversation.</summary>
    public async Task<IReadOnlyList<ThreadEntry>?> ThreadAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanSee(viewer), ct)) return null;
        return await ReadThreadAsync(db, conversationId, ct);
    }

    /// <summary>The thread of an internal chat for an admin's audit; the caller has checked the role and recorded the reading.</summary>
    public async Task<IReadOnlyList<ThreadEntry>> ThreadForAuditAsync(long conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadThreadAsync(db, conversationId, ct);
    }

    private async Task<IReadOnlyList<ThreadEntry>> ReadThreadAsync(OmnichatDbContext db, long conversationId, CancellationToken ct)
    {
        var messages = await db.Messages
            .Where(m => m.ConversationId == conversationId)
            .Select(m => new MessageLine(m.Id, m.SentAt, m.Direction, m.Body, m.State, m.FailureReason,
                db.Users.Where(u => u.Id == m.AuthorId).Select(u => u.DisplayName).FirstOrDefault()) { AuthorId = m.AuthorId })
            .ToListAsync(ct);
        // Read only for the messages of a conversation the caller checked the viewer may see.
        var files = await attachments.OfMessagesAsync(messages.Select(m => m.Id).ToList(), ct);
        messages = messages.Select(m => files.Contains(m.Id) ? m with { Attachments = files[m.Id].ToList() } : m).ToList();
        var events = await db.ConversationEvents
            .Where(e => e.ConversationId == conversationId)
            .Select(e => new EventLine(e.Id, e.At, e.Kind,
                db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Users.Where(u => u.Id == e.TargetId).Select(u => u.DisplayName).FirstOrDefault(),
                e.Note))
            .ToListAsync(ct);
        // An event and the message that caused it share a timestamp; the event (e.g. "created") reads better first.
        return events.Cast<ThreadEntry>().Concat(messages)
            .OrderBy(e => e.At)
            .ThenBy(e => e is MessageLine ? 1 : 0)
            .ToList();
    }

    /// <summary>The latest transfer of the conversation when it went to the viewer and they still own it; otherwise null.</summary>
    public async Task<TransferNotice?> TransferredToAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = viewer.UserId;
        var owned = await db.Conversations
            .Where(c => c.Id == conversationId && c.OwnerId == userId)
            .AnyAsync(ConversationAccess.CanAct(viewer), ct);
        if (!owned) return null;
        return await db.ConversationEvents
            .Where(e => e.ConversationId == conversationId && e.Kind == ConversationEventKind.Transferred && e.TargetId == userId)
            .OrderByDescending(e => e.Id)
            .Select(e => new TransferNotice(
                e.ConversationId,
                db.Conversations.Where(c => c.Id == e.ConversationId).Select(c => c.Contact != null ? c.Contact.Name : "").First(),
                db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                e.Note))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// What last happened to the conversation and who did it, from its audit lines: why a viewer just lost it. Changes
    /// reach a view in any order, so the reason is read from the conversation, not from the change that arrived.
    /// </summary>
    public async Task<(ConversationEventKind Kind, string? ActorName)?> LatestEventAsync(long conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.ConversationEvents.Where(e => e.ConversationId == conversationId).OrderByDescending(e => e.Id)
            .Select(e => new { e.Kind, ActorName = db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return latest is null ? null : (latest.Kind, latest.ActorName);
    }

    public async Task<string?> DisplayNameAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
    }
}
