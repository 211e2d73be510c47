using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Who has a console open right now. An agent is available while at least one console is connected and they
/// are not set to Away (the Away flag lives on the user). <see cref="Changes"/> tells live views when either changes.
/// </summary>
public sealed class AgentPresence(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ILogger<AgentPresence> logger)
{
    private readonly ConcurrentDictionary<string, int> openConsoles = new();

    /// <summary>An agent's first console opened, their last one closed, or they set themselves Away or back.</summary>
    public Broadcast<PresenceChange> Changes { get; } = new(logger);

    public sealed record Availability(bool InAnyQueue, bool IsAway);

    /// <summary>Whether chats are routed to the user at all (a member of some queue), and whether they are set to Away.</summary>
    public async Task<Availability> AvailabilityAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId)
            .Select(u => new Availability(db.QueueMembers.Any(m => m.UserId == userId), u.IsAway))
            .FirstOrDefaultAsync(ct) ?? new Availability(false, false);
    }

    public async Task SetAwayAsync(string userId, bool away, CancellationToken ct = default)
    {
        await writer.WriteAsync((db, token) => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAway, away), token), ct);
        await Changes.PublishAsync(new PresenceChange(userId, IsOnline(userId), away));
    }

    public IDisposable Connect(string userId)
    {
        if (openConsoles.AddOrUpdate(userId, 1, (_, count) => count + 1) == 1) _ = Changes.PublishAsync(new PresenceChange(userId, Online: true));
        return new Connection(this, userId);
    }

    public bool IsOnline(string userId) => openConsoles.TryGetValue(userId, out var count) && count > 0;

    private void Disconnect(string userId)
    {
        if (openConsoles.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1)) == 0) _ = Changes.PublishAsync(new PresenceChange(userId, Online: false));
    }

    private sealed class Connection(AgentPresence presence, string userId) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) presence.Disconnect(userId);
        }
    }
}

/// <param name="IsAway">The Away flag when it is what changed; null when only the console count did.</param>
public sealed record PresenceChange(string UserId, bool Online, bool? IsAway = null);
