using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

public sealed record BlockedIpRow(long Id, string Ip, DateTime BlockedAt, string? BlockedBy, long? ConversationId);

/// <summary>"Block anonymous user": IP addresses that may no longer use the live chat. Checked on every visitor request.</summary>
public sealed class BlockList(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ConversationBus bus, TimeProvider clock, ILogger<BlockList> logger)
{
    private readonly Broadcast<string> blockedIps = new(logger);
    private volatile HashSet<string>? blocked;
    private int generation;

    /// <summary>Hears each IP address just blocked, so its open event streams close at once.</summary>
    public IDisposable Subscribe(Action<string> handler) => blockedIps.Subscribe(handler);

    public async Task<bool> IsBlockedAsync(string ip, CancellationToken ct = default) => (await CurrentAsync(ct)).Contains(ip);

    /// <summary>Blocks the IP the visitor of this live chat last wrote from. Only for whoever may act on the conversation.</summary>
    public async Task<Outcome> BlockVisitorAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        var (outcome, ip) = await writer.WriteAsync<(Outcome, string?)>(async (db, token) =>
        {
            var conversation = await db.Conversations.Where(c => c.Id == conversationId).Where(ConversationAccess.CanAct(viewer))
                .Select(c => new { c.Channel, c.ContactId }).SingleOrDefaultAsync(token);
            if (conversation is null) return (Outcome.NotAllowed, null);
            if (conversation.Channel != ChannelKind.LiveChat) return (Outcome.NotApplicable, null);

            var visitorKey = await db.ContactIdentities
                .Where(i => i.ContactId == conversation.ContactId && i.Kind == IdentityKind.LiveChatVisitor)
                .Select(i => i.Value).FirstOrDefaultAsync(token);
            var ip = await db.LiveChatVisitors.Where(v => v.VisitorKey == visitorKey).Select(v => v.LastIp).SingleOrDefaultAsync(token);
            if (string.IsNullOrEmpty(ip)) return (Outcome.NotApplicable, null);

            var now = clock.GetUtcNow().UtcDateTime;
            db.BlockedIps.Add(new BlockedIp { Ip = ip, BlockedAt = now, BlockedById = viewer.UserId, ConversationId = conversationId });
            db.ConversationEvents.Add(new ConversationEvent { ConversationId = conversationId, Kind = ConversationEventKind.VisitorBlocked, ActorId = viewer.UserId, At = now });
            await LiveChatVisitors.RevokeAsync(db, conversationId, now, token);
            await db.SaveChangesAsync(token);
            return (Outcome.Done, ip);
        }, ct);
        if (outcome != Outcome.Done) return outcome;
        Forget();
        await blockedIps.PublishAsync(ip!);
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.StatusChanged, viewer.UserId));
        return Outcome.Done;
    }

    public async Task<IReadOnlyList<BlockedIpRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BlockedIps.Where(b => b.LiftedAt == null).OrderByDescending(b => b.BlockedAt)
            .Select(b => new BlockedIpRow(b.Id, b.Ip, b.BlockedAt, db.Users.Where(u => u.Id == b.BlockedById).Select(u => u.DisplayName).FirstOrDefault(), b.ConversationId))
            .ToListAsync(ct);
    }

    public async Task LiftAsync(long blockId, Viewer admin, CancellationToken ct = default)
    {
        if (!admin.IsAdmin) throw new UnauthorizedAccessException("Only admins lift blocks.");
        var now = clock.GetUtcNow().UtcDateTime;
        await writer.WriteAsync((db, token) => db.BlockedIps.Where(b => b.Id == blockId && b.LiftedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LiftedAt, now).SetProperty(b => b.LiftedById, admin.UserId), token), ct);
        Forget();
    }

    private void Forget()
    {
        Interlocked.Increment(ref generation);
        blocked = null;
    }

    private async Task<HashSet<string>> CurrentAsync(CancellationToken ct)
    {
        if (blocked is { } cached) return cached;
        var readAt = Volatile.Read(ref generation);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        HashSet<string> current = [.. await db.BlockedIps.Where(b => b.LiftedAt == null).Select(b => b.Ip).ToListAsync(ct)];
        // A block or lift that landed during the read makes this copy stale: use it once, but do not keep it.
        if (Volatile.Read(ref generation) == readAt) blocked = current;
        return current;
    }
}
