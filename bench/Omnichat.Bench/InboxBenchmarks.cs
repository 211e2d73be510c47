using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Bench;

/// <summary>
/// The Recent list over 100,000 conversations in SQLite: the first page, a page 40,000 rows deep through the keyset
/// cursor the console uses, and the same deep page with OFFSET for comparison.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class InboxBenchmarks : IDbContextFactory<OmnichatDbContext>
{
    private const int ConversationCount = 100_000;
    private const int DeepRows = 40_000;
    private static readonly Viewer Supervisor = new("supervisor", IsAdmin: false, IsSupervisor: true);

    private readonly string file = Path.Combine(Path.GetTempPath(), $"omnichat-bench-{Guid.NewGuid():N}.db");
    private DbContextOptions<OmnichatDbContext> options = default!;
    private InboxQuery inbox = default!;
    private InboxCursor deepCursor = default!;

    public OmnichatDbContext CreateDbContext() => new(options);

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        options = new DbContextOptionsBuilder<OmnichatDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = file }.ToString()).Options;
        await using (var db = CreateDbContext())
        {
            // The schema from the model: Identity shapes part of it from app options a bare context does not have.
            await db.Database.EnsureCreatedWithSearchAsync();
            db.Users.AddRange(
                new ApplicationUser { Id = "agent-a", UserName = "a", DisplayName = "Agent A", Extension = "101" },
                new ApplicationUser { Id = "supervisor", UserName = "s", DisplayName = "Supervisor", Extension = "201" });
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ConversationCount})
                INSERT INTO Conversations (Channel, Status, IsArchived, CreatedAt, LastActivityAt, OwnerId, OfferWidened, LastMessagePreview)
                SELECT 'Sms', 'Open', 0, '2026-01-01 00:00:00', strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || i || ' seconds'),
                       'agent-a', 0, 'message ' || i
                FROM n;
                """);
        }
        inbox = new InboxQuery(this, new ContactAddresses(Options.Create(new ContactsOptions())));
        var first = await inbox.RecentAsync(Supervisor, new InboxFilter());
        deepCursor = new InboxCursor(first.Items[0].LastActivityAt.AddSeconds(-DeepRows), long.MaxValue);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Benchmark(Baseline = true)]
    public Task<InboxPage> FirstPage() => inbox.RecentAsync(Supervisor, new InboxFilter());

    [Benchmark]
    public Task<InboxPage> DeepPageByKeyset() => inbox.RecentAsync(Supervisor, new InboxFilter(), deepCursor);

    /// <summary>What the list would cost with OFFSET paging: SQLite walks every skipped row.</summary>
    [Benchmark]
    public async Task<int> DeepPageByOffset()
    {
        await using var db = CreateDbContext();
        var page = await db.Conversations
            .Where(c => c.Status == ConversationStatus.Open && !c.IsArchived)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Skip(DeepRows).Take(InboxQuery.PageSize)
            .Select(c => new { c.Id, c.LastMessagePreview })
            .ToListAsync();
        return page.Count;
    }
}
