using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>How far one user has read one conversation; inbound messages after it count as unread for them.</summary>
public class ConversationReadMark
{
    public long ConversationId { get; set; }
    public string UserId { get; set; } = "";
    public long LastReadMessageId { get; set; }
}

/// <summary>A user read one conversation further.</summary>
public sealed record ReadMarkMoved(string UserId, long ConversationId);

/// <summary>Moves a user's read mark forward; never backwards, so two open tabs cannot undo each other.</summary>
public sealed class ConversationReadMarks(IDbWriter writer, ILogger<ConversationReadMarks> logger)
{
    private readonly Broadcast<ReadMarkMoved> moved = new(logger);

    /// <summary>Hears every read mark that moved, so that user's unread badges and count can follow in all their consoles.</summary>
    public IDisposable Subscribe(Action<ReadMarkMoved> handler) => moved.Subscribe(handler);

    public async Task MarkReadAsync(long conversationId, string userId, long lastMessageId, CancellationToken ct = default)
    {
        if (await MarkAsync(conversationId, userId, lastMessageId, ct)) await moved.PublishAsync(new ReadMarkMoved(userId, conversationId));
    }

    /// <summary>False when the mark was already there: nothing changed, nobody needs to hear of it.</summary>
    private Task<bool> MarkAsync(long conversationId, string userId, long lastMessageId, CancellationToken ct) =>
        // One write at a time: two tabs reading at once find each other's mark instead of both inserting one.
        writer.WriteAsync(async (db, token) =>
        {
            if (await MoveForwardAsync(db, conversationId, userId, lastMessageId, token)) return true;
            if (await db.ConversationReadMarks.AnyAsync(r => r.ConversationId == conversationId && r.UserId == userId, token)) return false;
            db.ConversationReadMarks.Add(new ConversationReadMark { ConversationId = conversationId, UserId = userId, LastReadMessageId = lastMessageId });
            await db.SaveChangesAsync(token);
            return true;
        }, ct);

    private static async Task<bool> MoveForwardAsync(OmnichatDbContext db, long conversationId, string userId, long lastMessageId, CancellationToken ct) =>
        await db.ConversationReadMarks
            .Where(r => r.ConversationId == conversationId && r.UserId == userId && r.LastReadMessageId < lastMessageId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastReadMessageId, lastMessageId), ct) > 0;
}
