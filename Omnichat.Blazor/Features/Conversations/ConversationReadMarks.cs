using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>How far one user has read one conversation; inbound messages after it count as unread for them.</summary>
public class ConversationReadMark
{
    public long ConversationId { get; set; }
    public string UserId { get; set; } = "";
    public long LastReadMessageId { get; set; }
}

/// <summary>Moves a user's read mark forward; never backwards, so two open tabs cannot undo each other.</summary>
public sealed class ConversationReadMarks(IDbContextFactory<OmnichatDbContext> dbFactory)
{
    /// <summary>Raised with the user id after that user read further, so their unread count can follow.</summary>
    public event Action<string>? Moved;

    public async Task MarkReadAsync(long conversationId, string userId, long lastMessageId, CancellationToken ct = default)
    {
        await MarkAsync(conversationId, userId, lastMessageId, ct);
        Moved?.Invoke(userId);
    }

    private async Task MarkAsync(long conversationId, string userId, long lastMessageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await MoveForwardAsync(db, conversationId, userId, lastMessageId, ct)) return;
        if (await db.ConversationReadMarks.AnyAsync(r => r.ConversationId == conversationId && r.UserId == userId, ct)) return;

        db.ConversationReadMarks.Add(new ConversationReadMark { ConversationId = conversationId, UserId = userId, LastReadMessageId = lastMessageId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another tab inserted the mark first; move that one instead.
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            await MoveForwardAsync(fresh, conversationId, userId, lastMessageId, ct);
        }
    }

    private static async Task<bool> MoveForwardAsync(OmnichatDbContext db, long conversationId, string userId, long lastMessageId, CancellationToken ct) =>
        await db.ConversationReadMarks
            .Where(r => r.ConversationId == conversationId && r.UserId == userId && r.LastReadMessageId < lastMessageId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastReadMessageId, lastMessageId), ct) > 0;
}
