using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>The inbox query against a real SQLite file holding many conversations (bench/ measures its speed at 100,000).</summary>
public sealed class InboxQueryTests : IAsyncLifetime
{
    private const int ConversationCount = 20_000;
    private SqliteTestDatabase database = default!;
    private InboxQuery inbox = default!;

    private static readonly Viewer AgentA = Viewer.Agent("agent-a");
    private static readonly Viewer Supervisor = new("supervisor", IsAdmin: false, IsSupervisor: true);

    public async Task InitializeAsync()
    {
        database = await SqliteTestDatabase.CreateAsync();
        inbox = new InboxQuery(database, new ContactAddresses(Options.Create(new ContactsOptions())));

        await using var db = database.CreateDbContext();
        db.Users.AddRange(
            new ApplicationUser { Id = "agent-a", UserName = "a", DisplayName = "Agent A", Extension = "101" },
            new ApplicationUser { Id = "agent-b", UserName = "b", DisplayName = "Agent B", Extension = "102" },
            new ApplicationUser { Id = "supervisor", UserName = "s", DisplayName = "Supervisor", Extension = "201" });
        await db.SaveChangesAsync();
        // Two conversations share each timestamp, so paging must break ties on Id; every fifth is archived.
        await db.Database.ExecuteSqlRawAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ConversationCount})
            INSERT INTO Conversations (Channel, Status, IsArchived, CreatedAt, LastActivityAt, OwnerId, OfferWidened, LastMessagePreview)
            SELECT 'Sms', 'Open', i % 5 = 0, '2026-01-01 00:00:00',
                   strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || (i / 2) || ' seconds'),
                   CASE WHEN i % 2 = 0 THEN 'agent-a' ELSE 'agent-b' END, 0, 'message ' || i
            FROM n;
            """);
    }

    [Fact]
    public async Task Pages_follow_the_keyset_newest_first_without_gaps_or_repeats()
    {
        var seen = new List<InboxItem>();
        InboxCursor? cursor = null;
        for (var page = 0; page < 5; page++)
        {
            var result = await inbox.RecentAsync(Supervisor, new InboxFilter(), cursor, take: 7);
            seen.AddRange(result.Items);
            cursor = result.Next;
        }

        Assert.Equal(35, seen.Select(i => i.Id).Distinct().Count());
        var expected = Enumerable.Range(1, ConversationCount).Reverse().Where(i => i % 5 != 0).Take(35).Select(i => (long)i);
        Assert.Equal(expected, seen.Select(i => i.Id));
    }

    [Fact]
    public async Task An_agent_sees_only_their_own_and_the_archive_only_archived()
    {
        var recent = await inbox.RecentAsync(AgentA, new InboxFilter(), take: 50);
        var archive = await inbox.ArchiveAsync(AgentA, new InboxFilter(), take: 50);

        Assert.All(recent.Items, i => Assert.Equal("Agent A", i.OwnerName));
        Assert.All(recent.Items, i => Assert.True(i.IsMine && i.CanManage && !i.IsArchived));
        Assert.All(archive.Items, i => Assert.True(i.IsArchived && i.IsMine));
    }

    [Fact]
    public async Task A_page_deep_in_the_list_starts_right_after_its_cursor()
    {
        var first = await inbox.RecentAsync(Supervisor, new InboxFilter());
        var deepCursor = new InboxCursor(first.Items[^1].LastActivityAt.AddSeconds(-4_000), long.MaxValue);

        var deep = await inbox.RecentAsync(Supervisor, new InboxFilter(), deepCursor);
        var agentPage = await inbox.RecentAsync(AgentA, new InboxFilter(), deepCursor);

        Assert.Equal(InboxQuery.PageSize, deep.Items.Count);
        Assert.Equal(InboxQuery.PageSize, agentPage.Items.Count);
        Assert.All(deep.Items, i => Assert.True(i.LastActivityAt <= deepCursor.LastActivityAt));
        Assert.Equal(deepCursor.LastActivityAt, deep.Items[0].LastActivityAt);
        Assert.Equal(deep.Items.OrderByDescending(i => i.LastActivityAt).ThenByDescending(i => i.Id).Select(i => i.Id), deep.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Unread_counts_inbound_messages_after_the_viewers_read_mark()
    {
        long conversationId;
        await using (var db = database.CreateDbContext())
        {
            conversationId = await db.Conversations.Where(c => c.OwnerId == "agent-a" && !c.IsArchived).MaxAsync(c => c.Id);
            db.Messages.AddRange(Enumerable.Range(1, 3).Select(i => new Message
            {
                ConversationId = conversationId, Direction = MessageDirection.Inbound, Body = $"in {i}", SentAt = DateTime.UtcNow, State = DeliveryState.Received,
            }));
            db.Messages.Add(new Message { ConversationId = conversationId, Direction = MessageDirection.Outbound, Body = "out", SentAt = DateTime.UtcNow, State = DeliveryState.Sent });
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateDbContext())
        {
            var secondInbound = await db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id).Skip(1).Select(m => m.Id).FirstAsync();
            await using var writer = database.CreateWriter();
            var marks = new ConversationReadMarks(writer, NullLogger<ConversationReadMarks>.Instance);
            await marks.MarkReadAsync(conversationId, "agent-a", secondInbound);
            await marks.MarkReadAsync(conversationId, "agent-a", secondInbound - 1); // an older tab never moves it back
        }

        var agentView = (await inbox.RecentAsync(AgentA, new InboxFilter(), take: 1)).Items.Single();
        var supervisorView = (await inbox.RecentAsync(Supervisor, new InboxFilter(AgentId: "agent-a"), take: 1)).Items.Single();

        Assert.Equal(conversationId, agentView.Id);
        Assert.Equal(1, agentView.Unread);
        Assert.Equal(conversationId, supervisorView.Id);
        Assert.Equal(3, supervisorView.Unread);
    }

    public Task DisposeAsync()
    {
        database.Delete();
        return Task.CompletedTask;
    }
}
