using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Who has a console open right now. An agent is available while at least one console is connected and they
/// are not set to Away (the Away flag lives on the user).
/// </summary>
public sealed class AgentPresence(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer)
{
    private readonly ConcurrentDictionary<string, int> openConsoles = new();

    public async Task<bool> IsAwayAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.IsAway).FirstOrDefaultAsync(ct);
    }

    public Task SetAwayAsync(string userId, bool away, CancellationToken ct = default) =>
        writer.WriteAsync((db, token) => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAway, away), token), ct);

    public IDisposable Connect(string userId)
    {
        openConsoles.AddOrUpdate(userId, 1, (_, count) => count + 1);
        return new Connection(this, userId);
    }

    public bool IsOnline(string userId) => openConsoles.TryGetValue(userId, out var count) && count > 0;

    private void Disconnect(string userId)
    {
        openConsoles.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1));
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
