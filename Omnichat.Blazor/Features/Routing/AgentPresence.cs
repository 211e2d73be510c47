using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Who has a console open right now. An agent is available while at least one console is connected (or their last
/// one closed less than <see cref="ReconnectGrace"/> ago) and they are not set to Away (the Away flag lives on the
/// user). Routing and the live queue view hear of every change (<see cref="Changes"/>).
/// </summary>
public sealed class AgentPresence(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, TimeProvider clock, ILogger<AgentPresence> logger)
{
    /// <summary>
    /// How long a user still counts as present after closing their last console: a console that reloads connects again
    /// within it, and keeps what was offered to its agent. Signing out counts at once.
    /// </summary>
    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Consoles> openConsoles = new();
    /// <summary>An agent's first console opened, their last one closed (after the grace), they signed out, or set themselves Away or back.</summary>
    public Broadcast<PresenceChange> Changes { get; } = new(logger);

    /// <summary>
    /// The consoles a user has open in their current sign-in. Signing out starts the next one: consoles left open from
    /// before (another tab) stop counting, and closing them later changes nothing.
    /// </summary>
    private sealed record Consoles(int SignIn, int Count, DateTimeOffset? LastClosedAt = null);

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
        Announce(userId, away);
    }

    public IDisposable Connect(string userId)
    {
        var wasOnline = IsOnline(userId);
        var now = openConsoles.AddOrUpdate(userId, new Consoles(0, 1), (_, consoles) => consoles with { Count = consoles.Count + 1 });
        if (!wasOnline) Announce(userId);
        return new Connection(this, userId, now.SignIn);
    }

    public bool IsOnline(string userId) =>
        openConsoles.TryGetValue(userId, out var consoles)
        && (consoles.Count > 0 || (consoles.LastClosedAt is { } closed && clock.GetUtcNow() - closed < ReconnectGrace));

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
            if (!openConsoles.TryUpdate(userId, consoles with { Count = consoles.Count - 1, LastClosedAt = clock.GetUtcNow() }, consoles)) continue;
            if (consoles.Count == 1) _ = AnnounceIfStillGoneAsync(userId);
            return;
        }
    }

    private async Task AnnounceIfStillGoneAsync(string userId)
    {
        await Task.Delay(ReconnectGrace, clock);
        if (!IsOnline(userId)) Announce(userId);
    }

    // Subscribers only take note (routing plans on its own loop), so this completes at once, even from a render.
    private void Announce(string userId, bool? isAway = null) => _ = Changes.PublishAsync(new PresenceChange(userId, IsOnline(userId), isAway));

    private sealed class Connection(AgentPresence presence, string userId, int signIn) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) presence.Disconnect(userId, signIn);
        }
    }
}

/// <param name="IsAway">The Away flag when it is what changed; null when only the console count did.</param>
public sealed record PresenceChange(string UserId, bool Online, bool? IsAway = null);
