using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

public sealed record InboxItem(
    long Id,
    ChannelKind Channel,
    string ContactName,
    string? Preview,
    DateTime LastActivityAt,
    string? OwnerName,
    string? QueueName,
    ConversationStatus Status);

/// <summary>The conversations a viewer may see, newest activity first; always filtered by <see cref="ConversationAccess"/>.</summary>
public sealed class InboxQuery(IDbContextFactory<OmnichatDbContext> dbFactory)
{
    public async Task<IReadOnlyList<InboxItem>> RecentAsync(Viewer viewer, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations
            .Where(ConversationAccess.CanSee(viewer))
            .Where(c => !c.IsArchived && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Ended))
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Take(take)
            .Select(c => new InboxItem(
                c.Id,
                c.Channel,
                c.Contact != null ? c.Contact.Name : "",
                c.LastMessagePreview,
                c.LastActivityAt,
                db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                c.Queue != null ? c.Queue.Name : null,
                c.Status))
            .ToListAsync(ct);
    }

    /// <summary>The thread of one conversation, or null when the viewer may not see it.</summary>
    public async Task<IReadOnlyList<Message>?> MessagesAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(ConversationAccess.CanSee(viewer), ct);
        if (!visible) return null;
        return await db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.SentAt).ThenBy(m => m.Id).AsNoTracking().ToListAsync(ct);
    }
}
