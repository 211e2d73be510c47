using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Bench;

/// <summary>
/// The console's reads over a large history: 100,000 conversations, 1,000,000 messages and 50,000 contacts in SQLite,
/// with the full-text index. The inbox's first page for an agent and for a supervisor, opening a conversation of
/// 1,000 messages, a full-text search for a word and for a phone number typed the local way, and a contact's history.
/// </summary>
[Config(typeof(Percentiles))]
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 20)]
public class HistoryAndSearchBenchmarks : IDbContextFactory<OmnichatDbContext>
{
    private const int ContactCount = 50_000, ConversationCount = 100_000, MessageCount = 1_000_000, LongConversation = 1_000;

    private static readonly Viewer Agent = Viewer.Agent("agent-a");
    private static readonly Viewer Supervisor = new("supervisor", IsAdmin: false, IsSupervisor: true);

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.P95);
    }

    private readonly string file = Path.Combine(Path.GetTempPath(), $"omnichat-history-bench-{Guid.NewGuid():N}.db");
    private DbContextOptions<OmnichatDbContext> options = default!;
    private InboxQuery inbox = default!;
    private ConversationReader reader = default!;
    private int historyContact;

    public OmnichatDbContext CreateDbContext() => new(options);

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        options = new DbContextOptionsBuilder<OmnichatDbContext>().UseSqlite(connectionString).Options;
        await using (var db = CreateDbContext())
        {
            await db.Database.EnsureCreatedWithSearchAsync();
            db.Users.AddRange(
                new ApplicationUser { Id = "agent-a", UserName = "a", DisplayName = "Agent A", Extension = "101" },
                new ApplicationUser { Id = "agent-b", UserName = "b", DisplayName = "Agent B", Extension = "102" },
                new ApplicationUser { Id = "supervisor", UserName = "s", DisplayName = "Supervisor", Extension = "201" });
            await db.SaveChangesAsync();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            // Conversation 1 holds the long thread; the other messages are spread ten to a conversation. One message
            // in a thousand mentions a parcel; every contact has a mobile number.
            await db.Database.ExecuteSqlRawAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ContactCount})
                INSERT INTO Contacts (Name, IsSaved, CreatedAt) SELECT 'Contact ' || i, 1, '2026-01-01 00:00:00' FROM n;
                INSERT INTO ContactIdentities (ContactId, Kind, Value) SELECT Id, 'Phone', '+316' || printf('%08d', Id) FROM Contacts;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ConversationCount})
                INSERT INTO Conversations (Channel, ContactId, Status, IsArchived, CreatedAt, LastActivityAt, OwnerId, OfferWidened, LastMessagePreview)
                SELECT 'Sms', (i - 1) % {ContactCount} + 1,
                       CASE WHEN i % 10 = 0 THEN 'Open' ELSE 'DealtWith' END, CASE WHEN i % 10 = 0 THEN 0 ELSE 1 END,
                       '2026-01-01 00:00:00', strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || i || ' seconds'),
                       CASE WHEN i % 2 = 0 THEN 'agent-a' ELSE 'agent-b' END, 0, 'message ' || i
                FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MessageCount})
                INSERT INTO Messages (ConversationId, Direction, Body, SentAt, State)
                SELECT CASE WHEN i <= {LongConversation} THEN 1 ELSE (i - {LongConversation} - 1) / 10 + 2 END,
                       CASE WHEN i % 2 = 0 THEN 'Inbound' ELSE 'Outbound' END,
                       'Message ' || i || CASE WHEN i % 1000 = 0 THEN ' about the parcel that never arrived' ELSE ' about my order and the invoice' END,
                       strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || i || ' seconds'), 'Received'
                FROM n;
                ANALYZE;
                """);
        }
        inbox = new InboxQuery(this, new ContactAddresses(Options.Create(new ContactsOptions())));
        var writer = new SqliteWriter(connectionString, _ => { }, NullLogger<SqliteWriter>.Instance);
        reader = new ConversationReader(this, new Attachments(this, writer, TimeProvider.System), TimeProvider.System);
        historyContact = 4_242;
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Benchmark]
    public Task<InboxPage> InboxFirstPageAgent() => inbox.RecentAsync(Agent, new InboxFilter());

    [Benchmark]
    public Task<InboxPage> InboxFirstPageSupervisor() => inbox.RecentAsync(Supervisor, new InboxFilter());

    [Benchmark]
    public Task<ThreadPage?> OpenThousandMessageConversation() => reader.ThreadAsync(1, Supervisor);

    [Benchmark]
    public Task<InboxPage> SearchWordAgent() => inbox.ArchiveAsync(Agent, new InboxFilter(Search: "parcel"));

    [Benchmark]
    public Task<InboxPage> SearchWordSupervisor() => inbox.ArchiveAsync(Supervisor, new InboxFilter(Search: "parcel"));

    [Benchmark]
    public Task<InboxPage> SearchLocalPhoneNumber() => inbox.ArchiveAsync(Supervisor, new InboxFilter(Search: "06 0001 2345"));

    [Benchmark]
    public Task<IReadOnlyList<InboxItem>> ContactHistoryAgent() => inbox.HistoryAsync(historyContact, Agent);
}
