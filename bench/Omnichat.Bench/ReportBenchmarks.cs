using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Reports;

namespace Omnichat.Bench;

/// <summary>
/// Reports over 1,000,000 messages: 100,000 customer conversations of ten messages each over 90 days, spread over
/// three queues and ten agents. The app's way (<see cref="ReportService"/>, reading the per-conversation metrics the
/// triggers keep) against a naive reference that works the same facts out of the messages and audit lines at read
/// time, each for 30 days and for the whole 90; both feed the same <see cref="ReportCalculator"/>.
/// </summary>
[Config(typeof(InProcessWithPercentiles))]
[MemoryDiagnoser]
public class ReportBenchmarks : IDbContextFactory<OmnichatDbContext>
{
    private const int ConversationCount = 100_000, MessagesPerConversation = 10, Agents = 10, Queues = 3;
    /// <summary>Conversations start this many seconds apart: 100,000 of them fill 89 days.</summary>
    private const int SecondsBetweenStarts = 77;

    private static readonly ReportFilter Month = new(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 2));
    private static readonly ReportFilter Quarter = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));
    private static readonly DateTime Now = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>In this process: no separate build of the benchmark (which outlasts its timeout on a busy machine).</summary>
    private sealed class InProcessWithPercentiles : ManualConfig
    {
        public InProcessWithPercentiles()
        {
            AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.P95);
        }
    }

    // Generating a million messages (with the triggers) takes minutes; every run reuses one file.
    private static readonly string File = Path.Combine(Path.GetTempPath(), "omnichat-report-bench-v3.db");
    private DbContextOptions<OmnichatDbContext> options = default!;
    private ReportService reports = default!;
    private Dictionary<int, int> targets = [];

    public OmnichatDbContext CreateDbContext() => new(options);

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        options = new DbContextOptionsBuilder<OmnichatDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = File }.ToString()).Options;
        await using (var db = CreateDbContext())
        {
            if (!System.IO.File.Exists(File) || await db.Messages.CountAsync() != ConversationCount * MessagesPerConversation)
            {
                await db.Database.EnsureDeletedAsync();
                await GenerateAsync(db);
            }
            targets = await db.Queues.Where(q => q.FirstReplyTargetMinutes != null).ToDictionaryAsync(q => q.Id, q => q.FirstReplyTargetMinutes!.Value);
        }
        reports = new ReportService(this, new FixedClock(Now));
        // Both ways must agree before either is timed.
        var (naive, fromMetrics) = (await NaiveAsync(Quarter), (await reports.BuildAsync(Quarter, TimeZoneInfo.Utc)).Report);
        if (naive.Total != fromMetrics.Total || !naive.Days.SequenceEqual(fromMetrics.Days))
            throw new InvalidOperationException($"The metrics disagree with the messages: {naive.Total} against {fromMetrics.Total}.");
    }

    /// <summary>
    /// The dataset, inserted as the app stores it, in time order, so the triggers fill the metrics as they would in
    /// production. Each conversation alternates customer and agent messages a minute apart; the first reply comes after
    /// 1 to 30 minutes (so a share misses the 5-minute target of two queues); nine in ten are dealt with an hour to two later.
    /// </summary>
    private static async Task GenerateAsync(OmnichatDbContext db)
    {
        await db.Database.EnsureCreatedWithSearchAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlRawAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Agents})
            INSERT INTO AspNetUsers (Id, UserName, DisplayName, Extension, UiLanguage, IsAway, IsDeleted, EmailConfirmed, PhoneNumberConfirmed,
                                     TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            SELECT 'agent-' || i, 'agent' || i, 'Agent ' || i, '10' || i, 'en', 0, 0, 0, 0, 0, 0, 0 FROM n;
            INSERT INTO Queues (Name, Strategy, TopN, RoundRobinLastPosition, FirstReplyTargetMinutes) VALUES
                ('Support', 'All', 3, -1, 5), ('Billing', 'All', 3, -1, 5), ('Sales', 'All', 3, -1, NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ConversationCount})
            INSERT INTO Conversations (Channel, QueueId, OwnerId, Status, IsArchived, CreatedAt, LastActivityAt, OfferWidened)
            SELECT CASE i % 4 WHEN 0 THEN 'Sms' WHEN 1 THEN 'WhatsApp' WHEN 2 THEN 'LiveChat' ELSE 'Facebook' END,
                   i % {Queues} + 1, 'agent-' || (i % {Agents} + 1),
                   CASE WHEN i % 10 = 0 THEN 'Open' ELSE 'DealtWith' END, CASE WHEN i % 10 = 0 THEN 0 ELSE 1 END,
                   strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || (i * {SecondsBetweenStarts}) || ' seconds'),
                   strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || (i * {SecondsBetweenStarts} + 3600) || ' seconds'), 0
            FROM n;
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {ConversationCount * MessagesPerConversation - 1})
            INSERT INTO Messages (ConversationId, Direction, AuthorId, Body, SentAt, State)
            SELECT i / {MessagesPerConversation} + 1,
                   CASE WHEN i % 2 = 0 THEN 'Inbound' ELSE 'Outbound' END,
                   CASE WHEN i % 2 = 0 THEN NULL ELSE 'agent-' || ((i / {MessagesPerConversation} + 1) % {Agents} + 1) END,
                   'Message ' || i,
                   strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || ((i / {MessagesPerConversation} + 1) * {SecondsBetweenStarts}
                       + (i % {MessagesPerConversation}) * 60 + CASE WHEN i % {MessagesPerConversation} >= 1 THEN (i / {MessagesPerConversation}) % 60 * 30 ELSE 0 END) || ' seconds'),
                   'Received'
            FROM n;
            INSERT INTO ConversationEvents (ConversationId, Kind, ActorId, At)
            SELECT Id, 'DealtWith', OwnerId, strftime('%Y-%m-%d %H:%M:%S', CreatedAt, '+' || (3600 + Id % 3600) || ' seconds')
            FROM Conversations WHERE Status = 'DealtWith';
            ANALYZE;
            """);
    }

    [Benchmark(Baseline = true)]
    public Task<Report> NaiveFromMessages30Days() => NaiveAsync(Month);

    [Benchmark]
    public Task<ReportResult> FromMetrics30Days() => reports.BuildAsync(Month, TimeZoneInfo.Utc);

    [Benchmark]
    public Task<Report> NaiveFromMessages90Days() => NaiveAsync(Quarter);

    [Benchmark]
    public Task<ReportResult> FromMetrics90Days() => reports.BuildAsync(Quarter, TimeZoneInfo.Utc);

    /// <summary>The reference without pre-aggregation: each conversation's moments from its messages and audit lines.</summary>
    private async Task<Report> NaiveAsync(ReportFilter filter)
    {
        await using var db = CreateDbContext();
        var (start, end) = filter.UtcBounds(TimeZoneInfo.Utc);
        var facts = await filter.Apply(db.Conversations)
            .Where(c => c.Channel != ChannelKind.Internal && c.Status != ConversationStatus.Deleted && c.CreatedAt >= start && c.CreatedAt < end)
            .Select(c => new
            {
                c.CreatedAt,
                c.Status,
                c.QueueId,
                c.OwnerId,
                FirstCustomer = c.Messages.Where(m => m.Direction == MessageDirection.Inbound).Min(m => (DateTime?)m.SentAt),
                FirstResponse = c.Messages.Where(m => m.Direction == MessageDirection.Outbound && m.AuthorId != null
                        && m.SentAt >= c.Messages.Where(i => i.Direction == MessageDirection.Inbound).Min(i => (DateTime?)i.SentAt))
                    .Min(m => (DateTime?)m.SentAt),
                Resolved = c.Events.Where(e => e.Kind == ConversationEventKind.DealtWith || e.Kind == ConversationEventKind.SessionEnded)
                    .Max(e => (DateTime?)e.At),
            })
            .AsNoTracking().ToListAsync();
        return ReportCalculator.Calculate(
            facts.Select(f => new ConversationFacts(f.CreatedAt, f.FirstResponse is null ? f.FirstCustomer : null,
                Seconds(f.FirstCustomer, f.FirstResponse), Seconds(f.CreatedAt, f.Resolved), f.Status, f.QueueId, f.OwnerId)).ToList(),
            filter, TimeZoneInfo.Utc, targets, Now);
    }

    private static int? Seconds(DateTime? from, DateTime? to) =>
        to - from is { } span ? (int)Math.Round(span.TotalSeconds, MidpointRounding.AwayFromZero) : null;

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
