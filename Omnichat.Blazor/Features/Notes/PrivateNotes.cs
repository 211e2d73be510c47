using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Notes;

/// <summary>How writing a note ended; <see cref="Refusal"/> says why in words when the text itself was the problem.</summary>
public sealed record NoteResult(Outcome Outcome, long? NoteId = null, string? Refusal = null);

/// <summary>A note as the colleague it mentions is told about it.</summary>
public sealed record MentionNotice(string? AuthorName, string Body);

/// <summary>
/// Private notes: messages in a customer conversation that only colleagues read. A note is stored as a message of
/// direction <see cref="MessageDirection.Note"/>, so it sits in the thread and the search index in time order, and it
/// gets no outbox entry, so no provider ever sends it. Whoever may act on the conversation may write one, in any
/// status: a note on a closed or ended conversation, or outside a reply window, records what colleagues should know.
/// </summary>
public sealed class PrivateNotes(IDbWriter writer, IDbContextFactory<OmnichatDbContext> dbFactory, ConversationBus bus, TimeProvider clock,
    IStringLocalizer<Strings> L)
{
    public const int MaxLength = 5000;

    /// <summary>Whether the conversation takes notes from the viewer, as <see cref="AddAsync"/> decides.</summary>
    public static bool MayWrite(ConversationDetail conversation) => conversation.CanAct && conversation.Channel != ChannelKind.Internal;

    /// <summary>
    /// Stores the note and who it mentions, then tells the consoles. Mentions of someone who is not an active colleague
    /// (or of the writer) are dropped: they would notify nobody.
    /// </summary>
    public async Task<NoteResult> AddAsync(long conversationId, Viewer viewer, string body, IReadOnlyCollection<string> mentionedUserIds,
        CancellationToken ct = default)
    {
        var text = body.Trim();
        if (text.Length == 0) return new NoteResult(Outcome.NotApplicable, Refusal: L["Notes.Empty"]);
        if (text.Length > MaxLength) return new NoteResult(Outcome.NotApplicable, Refusal: L["Notes.TooLong", MaxLength]);

        var result = await writer.WriteAsync(async (db, token) =>
        {
            var mayWrite = await db.Conversations.Where(c => c.Id == conversationId && c.Channel != ChannelKind.Internal)
                .AnyAsync(ConversationAccess.CanAct(viewer), token);
            if (!mayWrite) return new NoteResult(Outcome.NotAllowed);
            var mentioned = await db.Users
                .Where(u => mentionedUserIds.Contains(u.Id) && u.Id != viewer.UserId && !u.IsDeleted && u.DeactivatedAt == null)
                .Select(u => u.Id).ToListAsync(token);
            var note = new Message
            {
                ConversationId = conversationId,
                Direction = MessageDirection.Note,
                AuthorId = viewer.UserId,
                Body = text,
                SentAt = clock.GetUtcNow().UtcDateTime,
                // Delivered once stored: colleagues read it where it is, as in an internal chat.
                State = DeliveryState.Delivered,
            };
            db.Messages.Add(note);
            await db.SaveChangesAsync(token);
            db.NoteMentions.AddRange(mentioned.Select(userId => new NoteMention { NoteId = note.Id, ConversationId = conversationId, UserId = userId }));
            await db.SaveChangesAsync(token);
            return new NoteResult(Outcome.Done, note.Id);
        }, ct);

        if (result.NoteId is { } noteId)
            await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.NoteAdded, viewer.UserId, noteId));
        return result;
    }

    /// <summary>The note that mentioned the viewer, for their notification; null when they may not see its conversation (any more).</summary>
    public async Task<MentionNotice?> MentionAsync(long noteId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.Conversations.Where(ConversationAccess.CanSee(viewer)).Select(c => c.Id);
        return await db.Messages.Where(m => m.Id == noteId && m.Direction == MessageDirection.Note && visible.Contains(m.ConversationId))
            .Select(m => new MentionNotice(db.Users.Where(u => u.Id == m.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), m.Body))
            .FirstOrDefaultAsync(ct);
    }
}
