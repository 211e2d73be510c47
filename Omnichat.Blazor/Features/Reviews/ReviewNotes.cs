using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Reviews;

public sealed record ReviewNoteItem(long Id, string AuthorName, string Body, DateTime CreatedAt);

/// <summary>What a viewer sees of a conversation's review: the notes, the reviewed mark, and whether they may add to it.</summary>
public sealed record ReviewView(IReadOnlyList<ReviewNoteItem> Notes, DateTime? ReviewedAt, string? ReviewedByName, bool CanReview);

/// <summary>
/// Review of archived conversations by supervisors and admins: private notes for the owning agent, and the "reviewed"
/// mark the archive shows and filters by. Guarded by <see cref="ConversationAccess.CanReadReviewNotes"/> and
/// <see cref="ConversationAccess.CanReview"/>; every change is one write on the <see cref="IDbWriter"/>.
/// </summary>
public sealed class ReviewNotes(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ConversationBus bus, TimeProvider clock)
{
    /// <summary>The review as the viewer may see it; null when they may not read its notes.</summary>
    public async Task<ReviewView?> ViewAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversation = await db.Conversations.Where(c => c.Id == conversationId).Where(ConversationAccess.CanReadReviewNotes(viewer))
            .Select(c => new { c.ReviewedAt, ReviewedBy = db.Users.Where(u => u.Id == c.ReviewedById).Select(u => u.DisplayName).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (conversation is null) return null;
        var canReview = await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanReview(viewer), ct);
        var notes = await (from note in db.ReviewNotes
                           where note.ConversationId == conversationId
                           orderby note.CreatedAt, note.Id
                           select new ReviewNoteItem(note.Id, db.Users.Where(u => u.Id == note.AuthorId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                               note.Body, note.CreatedAt))
            .ToListAsync(ct);
        return new ReviewView(notes, conversation.ReviewedAt, conversation.ReviewedBy, canReview);
    }

    /// <summary>Adds a review note. Empty text is not applicable; text over the limit is refused whole, never cut.</summary>
    public async Task<Outcome> AddAsync(long conversationId, Viewer viewer, string body, CancellationToken ct = default)
    {
        var text = body.Trim();
        if (text.Length == 0 || text.Length > ReviewNote.MaxBodyLength) return Outcome.NotApplicable;
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            if (!await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanReview(viewer), token)) return Outcome.NotAllowed;
            db.ReviewNotes.Add(new ReviewNote { ConversationId = conversationId, AuthorId = viewer.UserId, Body = text, CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        return await PublishAsync(outcome, conversationId, viewer);
    }

    /// <summary>Marks the conversation reviewed, or takes the mark back, with an audit line.</summary>
    public async Task<Outcome> SetReviewedAsync(long conversationId, Viewer viewer, bool reviewed, CancellationToken ct = default)
    {
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var updated = await db.Conversations.Where(c => c.Id == conversationId).Where(ConversationAccess.CanReview(viewer))
                .Where(c => (c.ReviewedAt != null) != reviewed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.ReviewedAt, reviewed ? now : null)
                    .SetProperty(c => c.ReviewedById, reviewed ? viewer.UserId : null), token);
            if (updated == 0)
                return await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanReview(viewer), token) ? Outcome.NotApplicable : Outcome.NotAllowed;
            db.ConversationEvents.Add(new ConversationEvent
            {
                ConversationId = conversationId,
                Kind = reviewed ? ConversationEventKind.Reviewed : ConversationEventKind.ReviewWithdrawn,
                ActorId = viewer.UserId,
                At = now,
            });
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        return await PublishAsync(outcome, conversationId, viewer);
    }

    private async Task<Outcome> PublishAsync(Outcome outcome, long conversationId, Viewer viewer)
    {
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.ReviewChanged, viewer.UserId));
        return outcome;
    }
}
