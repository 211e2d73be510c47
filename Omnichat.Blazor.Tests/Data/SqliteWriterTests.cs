using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Data;

/// <summary>The one write path: writes that arrive together share a transaction, yet each succeeds or fails on its own.</summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private readonly OmnichatAppFactory factory = new() { RunBackgroundWorkers = false };
    private IDbWriter writer = null!;

    public Task InitializeAsync()
    {
        writer = factory.Services.GetRequiredService<IDbWriter>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static Func<OmnichatDbContext, CancellationToken, Task<int>> AddQueue(string name, bool thenFail = false) => async (db, ct) =>
    {
        db.Queues.Add(new Queue { Name = name });
        await db.SaveChangesAsync(ct);
        if (thenFail) throw new InvalidOperationException($"{name} changed its mind");
        return 1;
    };

    private async Task<List<string>> QueueNamesAsync(string prefix)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
        return await db.Queues.Where(q => q.Name.StartsWith(prefix)).OrderBy(q => q.Name).Select(q => q.Name).ToListAsync();
    }

    [Fact]
    public async Task A_write_that_fails_undoes_only_itself_while_the_writes_committed_with_it_stay()
    {
        var prefix = $"batch-{Guid.NewGuid():N}-";
        // Hold the writer so the next three writes queue up and are committed together.
        var hold = new TaskCompletionSource();
        var holding = writer.WriteAsync(async (_, _) => { await hold.Task; return 0; });
        var first = writer.WriteAsync(AddQueue(prefix + "a"));
        var failing = writer.WriteAsync(AddQueue(prefix + "b", thenFail: true));
        var last = writer.WriteAsync(AddQueue(prefix + "c"));
        hold.SetResult();

        await holding;
        Assert.Equal(1, await first);
        Assert.Equal($"{prefix}b changed its mind", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(1, await last);
        Assert.Equal([prefix + "a", prefix + "c"], await QueueNamesAsync(prefix));
    }

    [Fact]
    public async Task Many_writers_at_once_all_commit_without_waiting_on_a_locked_database()
    {
        var prefix = $"many-{Guid.NewGuid():N}-";
        var writes = Enumerable.Range(0, 300).Select(i => Task.Run(() => writer.WriteAsync(AddQueue($"{prefix}{i:D3}"))));

        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(300, (await QueueNamesAsync(prefix)).Count);
    }

    [Fact]
    public async Task A_write_that_waits_for_another_write_is_refused_instead_of_waiting_for_ever()
    {
        var nested = writer.WriteAsync(async (_, _) => await writer.WriteAsync((_, _) => Task.FromResult(1)));

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => nested);
        Assert.Contains("may not wait for another write", refusal.Message);
    }
}
