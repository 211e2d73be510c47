using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Who has a console open right now. An agent is available while at least one console is connected and they
/// are not set to Away (the Away flag lives on the user). Routing hears of every change (<see cref="Subscribe"/>).
/// </summary>
public sealed class AgentPresence(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ILogger<AgentPresence> logger)
{
    private readonly ConcurrentDictionary<string, Consoles> openConsoles = new();
    private readonly Broadcast<string> changes = new(logger);

    /// <summary>
    /// The consoles a user has open in their current sign-in. Signing out starts the next one: consoles left open from
    /// before (another tab) stop counting, and closing them later changes nothing.
    /// </summary>
    private sealed record Consoles(int SignIn, int Count);

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
        Announce(userId);
    }

    /// <summary>Hears the id of every user who became available or unavailable. Handlers must only take note: they run on the caller.</summary>
    public IDisposable Subscribe(Action<string> handler) => changes.Subscribe(handler);

    public IDisposable Connect(string userId)
    {
        var now = openConsoles.AddOrUpdate(userId, new Consoles(0, 1), (_, consoles) => consoles with { Count = consoles.Count + 1 });
        if (now.Count == 1) Announce(userId);
        return new Connection(this, userId, now.SignIn);
    }

    public bool IsOnline(string userId) => openConsoles.TryGetValue(userId, out var consoles) && consoles.Count > 0;

    /// <summary>The user signed out: whatever consoles are still open, they are no longer available.</summary>
    public void SignedOut(string userId)
    {
        openConsoles.AddOrUpdate(userId, new Consoles(1, 0), (_, consoles) => new Consoles(consoles.SignIn + 1, 0));
        Announce(userId);
    }

    private void Disconnect(string userId, int signIn)
    {
        while (openConsoles.TryGetValue(userId, out var consoles) && consoles.SignIn == signIn && consoles.Count > 0)
        {
            if (!openConsoles.TryUpdate(userId, consoles with { Count = consoles.Count - 1 }, consoles)) continue;
            if (consoles.Count == 1) Announce(userId);
            return;
        }
    }

    // Subscribers only take note (routing plans on its own loop), so this completes at once, even from a render.
    private void Announce(string userId) => _ = changes.PublishAsync(userId);

    private sealed class Connection(AgentPresence presence, string userId, int signIn) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) presence.Disconnect(userId, signIn);
        }
    }
}
