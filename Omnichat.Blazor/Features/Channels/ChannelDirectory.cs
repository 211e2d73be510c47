using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>A channel account with its secrets decrypted, as webhooks and parsers need them on every request.</summary>
/// <param name="AppSecret">Meta's app secret, which signs its webhooks; empty for other providers.</param>
public sealed record KnownChannel(ChannelAccount Account, string Secret, string AppSecret = "")
{
    public int Id => Account.Id;
    public ChannelKind Kind => Account.Kind;
}

/// <summary>
/// Every channel account, kept in memory: a webhook costs no database read and no decryption, and a key nobody
/// configured costs nothing either. Changes made through <see cref="ChannelAdmin"/> reload it; a key it does not know
/// (a channel added from the command line while the console runs) reloads it at most every few seconds.
/// </summary>
public sealed class ChannelDirectory(IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets, TimeProvider clock)
{
    private static readonly TimeSpan MissReload = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? snapshot;

    public async ValueTask<KnownChannel?> FindAsync(string key, CancellationToken ct = default) =>
        (await CurrentAsync(s => s.ByKey.ContainsKey(key), ct)).ByKey.GetValueOrDefault(key);

    public async ValueTask<KnownChannel?> FindAsync(int id, CancellationToken ct = default) =>
        (await CurrentAsync(s => s.ById.ContainsKey(id), ct)).ById.GetValueOrDefault(id);

    /// <summary>Forgets what it holds, after an admin changed a channel.</summary>
    public void Invalidate() => snapshot = null;

    private async ValueTask<Snapshot> CurrentAsync(Func<Snapshot, bool> knows, CancellationToken ct)
    {
        var current = snapshot;
        if (current is not null && (knows(current) || clock.GetUtcNow() - current.LoadedAt < MissReload)) return current;

        await loading.WaitAsync(ct);
        try
        {
            // Someone else may have loaded it while this request waited.
            if (snapshot is { } fresh && fresh != current) return fresh;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var channels = (await db.ChannelAccounts.AsNoTracking().ToListAsync(ct)).Select(a => new KnownChannel(a, secrets.Reveal(a), secrets.RevealAppSecret(a))).ToList();
            return snapshot = new Snapshot(clock.GetUtcNow(), channels.ToDictionary(c => c.Account.Key, StringComparer.Ordinal), channels.ToDictionary(c => c.Id));
        }
        finally
        {
            loading.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<string, KnownChannel> ByKey, Dictionary<int, KnownChannel> ById);
}
