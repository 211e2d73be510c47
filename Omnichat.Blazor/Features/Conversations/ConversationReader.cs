using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>The person behind a conversation, as the information panel and the unknown-contact bar need it.</summary>
/// <param name="NameIsAddress">Nobody named them: the name shown is the number or id they wrote from.</param>
public sealed record ContactCard(int Id, string Name, string? Email, string? Phone, bool IsSaved, string? Language = null, bool NameIsAddress = false);

public sealed record ConversationDetail(
    long Id,
    ChannelKind Channel,
    ConversationStatus Status,
    bool IsArchived,
    ContactCard? Contact,
    string? OwnerId,
    string? OwnerName,
    string? QueueName,
    ConversationActions Actions)
{
    /// <summary>An internal chat's name for the viewer: the group's, or the colleague's they chat with.</summary>
    public string? Title { get; init; }

    /// <summary>An internal group chat, which members can leave (a one-to-one chat is archived instead).</summary>
    public bool IsGroup { get; init; }

    /// <summary>Pending or snoozed: open, but needing no reply for now.</summary>
    public WaitingState Waiting { get; init; }

    /// <summary>When a snoozed conversation comes back (UTC).</summary>
    public DateTime? SnoozedUntil { get; init; }
    public IReadOnlyList<Labels.LabelTag> Labels { get; init; } = [];
    /// <summary>The customer's satisfaction score, once they gave one.</summary>
    public CustomerRating? Rating { get; init; }

    public bool IsOpen => Status == ConversationStatus.Open;

    /// <summary>May act on it at all; otherwise the viewer reads it only (a reviewer, or someone who lost it).</summary>
    public bool CanAct => Actions.Act;
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

    /// <summary>A private note's mentioned colleagues, by name, as stored when it was written.</summary>
    public IReadOnlyList<string> Mentioned { get; init; } = [];
}

public sealed record EventLine(
    long Id,
    DateTime At,
    ConversationEventKind Kind,
    string? ActorName,
    string? TargetName,
    string? Note) : ThreadEntry(At)
{
    /// <summary>For a snooze: until when (UTC).</summary>
    public DateTime? Until { get; init; }
}

/// <summary>A stretch of a thread, oldest first; <see cref="HasEarlier"/> tells whether older messages wait to be read back.</summary>
public sealed class ThreadPage(IList<ThreadEntry> entries, bool hasEarlier) : System.Collections.ObjectModel.ReadOnlyCollection<ThreadEntry>(entries)
{
    public bool HasEarlier { get; } = hasEarlier;
}

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

    /// <summary>The conversation as the viewer may read it (their own, or read-only as a customer's history), or null when they may not.</summary>
    public async Task<ConversationDetail?> DetailAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var one = db.Conversations.Where(c => c.Id == conversationId);
        var userId = viewer.UserId;
        var row = await one
            .Where(ConversationAccess.CanRead(viewer))
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
                    c.Contact.IsSaved,
                    c.Contact.Language,
                    !c.Contact.IsSaved && c.Contact.Identities.Any(i => i.Value == c.Contact.Name)),
                c.OwnerId,
                OwnerName = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                QueueName = c.Queue != null ? c.Queue.Name : null,
                c.Title,
                c.Waiting,
                c.SnoozedUntil,
                IsGroup = c.Channel == ChannelKind.Internal && c.DirectKey == null,
                MemberNames = c.Members.Where(m => m.LeftAt == null)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName }).ToList(),
                Labels = c.Labels.OrderBy(l => l.Label.Name).Select(l => new Labels.LabelTag(l.LabelId, l.Label.Name, l.Label.Colour)).ToList(),
                Rating = db.SatisfactionRatings.Where(r => r.ConversationId == c.Id).Select(r => new CustomerRating(r.Score, r.Comment)).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;

        var actions = await one.Select(ConversationActions.Of(viewer)).SingleAsync(ct);
        return new ConversationDetail(row.Id, row.Channel, row.Status, row.IsArchived, row.Contact, row.OwnerId, row.OwnerName, row.QueueName, actions)
        {
            Title = row.Channel == ChannelKind.Internal
                ? ConversationSnapshot.InternalTitle(row.Title, row.MemberNames.ToDictionary(m => m.Id, m => m.DisplayName), viewer.UserId)
                : null,
            IsGroup = row.IsGroup,
            Waiting = row.Waiting,
            SnoozedUntil = row.SnoozedUntil,
            Labels = row.Labels,
            Rating = row.Rating,
        };
    }

    /// <summary>Messages per page of a thread: a long conversation opens on its latest page and reads back a page at a time.</summary>
    public const int ThreadPageSize = 100;

    /// <summary>How far back from the newest message a thread opens at a message a search found; older ones are read back to from there.</summary>
    public const int MaxFocusReach = 10 * ThreadPageSize;

    /// <summary>Messages shown before the one a thread is opened at, for context.</summary>
    private const int ContextBeforeFocus = 5;

    /// <summary>
    /// Messages and audit events merged in time order, or null when the viewer may not read the conversation: the
    /// latest <paramref name="pages"/> pages of messages, reaching back to <paramref name="focusMessageId"/> when it is
    /// older (a message a search found), with the events of that stretch of time.
    /// </summary>
    public async Task<ThreadPage?> ThreadAsync(long conversationId, Viewer viewer, int pages = 1, long? focusMessageId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanRead(viewer), ct)) return null;
        return await ReadThreadAsync(db, conversationId, pages, focusMessageId, ct);
    }

    /// <summary>The thread of an internal chat for an admin's audit; the caller has checked the role and recorded the reading.</summary>
    public async Task<ThreadPage> ThreadForAuditAsync(long conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadThreadAsync(db, conversationId, pages: 1, focusMessageId: null, ct);
    }

    private async Task<ThreadPage> ReadThreadAsync(OmnichatDbContext db, long conversationId, int pages, long? focusMessageId, CancellationToken ct)
    {
        var all = db.Messages.Where(m => m.ConversationId == conversationId);
        var pageStart = await all.OrderByDescending(m => m.Id).Skip(Math.Max(1, pages) * ThreadPageSize - 1).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        var focusStart = focusMessageId is { } focus
            ? await all.Where(m => m.Id <= focus).OrderByDescending(m => m.Id).Take(ContextBeforeFocus + 1).Select(m => (long?)m.Id).MinAsync(ct)
            : null;
        // Everything from the focus to the newest is loaded (and again on every live change): never more than this much.
        if (focusStart is not null
            && await all.OrderByDescending(m => m.Id).Skip(MaxFocusReach - 1).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct) is { } reach
            && focusStart < reach)
            focusStart = reach;
        // Null: the conversation is short enough to show whole.
        long? start = pageStart is null ? null : Math.Min(pageStart.Value, focusStart ?? long.MaxValue);
        var hasEarlier = start is not null && await all.AnyAsync(m => m.Id < start, ct);

        var messages = await all.Where(m => start == null || m.Id >= start)
            .Select(m => new MessageLine(m.Id, m.SentAt, m.Direction, m.Body, m.State, m.FailureReason,
                db.Users.Where(u => u.Id == m.AuthorId).Select(u => u.DisplayName).FirstOrDefault()) { AuthorId = m.AuthorId })
            .ToListAsync(ct);
        // Read only for the messages of a conversation the caller checked the viewer may see.
        var files = await attachments.OfMessagesAsync(messages.Select(m => m.Id).ToList(), ct);
        messages = messages.Select(m => files.Contains(m.Id) ? m with { Attachments = files[m.Id].ToList() } : m).ToList();
        var noteIds = messages.Where(m => m.Direction == MessageDirection.Note).Select(m => m.Id).ToList();
        var mentioned = (await db.NoteMentions.Where(n => noteIds.Contains(n.NoteId))
                .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { n.NoteId, u.DisplayName }).ToListAsync(ct))
            .ToLookup(n => n.NoteId, n => n.DisplayName);
        messages = messages.Select(m => mentioned.Contains(m.Id) ? m with { Mentioned = mentioned[m.Id].Order().ToList() } : m).ToList();
        var since = hasEarlier ? messages.Min(m => m.At) : DateTime.MinValue;
        var events = await db.ConversationEvents
            .Where(e => e.ConversationId == conversationId && e.At >= since)
            .Select(e => new EventLine(e.Id, e.At, e.Kind,
                db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Users.Where(u => u.Id == e.TargetId).Select(u => u.DisplayName).FirstOrDefault(),
                e.Note) { Until = e.Until })
            .ToListAsync(ct);
        // An event and the message that caused it share a timestamp; the event (e.g. "created") reads better first.
        return new ThreadPage(events.Cast<ThreadEntry>().Concat(messages)
            .OrderBy(e => e.At)
            .ThenBy(e => e is MessageLine ? 1 : 0)
            .ToList(), hasEarlier);
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
    public async Task<(ConversationEventKind Kind, string? ActorName)?> LatestEventAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var followed = db.Conversations.Where(c => c.Id == conversationId).Where(ConversationAccess.CanFollow(viewer)).Select(c => c.Id);
        var latest = await db.ConversationEvents.Where(e => followed.Contains(e.ConversationId)).OrderByDescending(e => e.Id)
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
