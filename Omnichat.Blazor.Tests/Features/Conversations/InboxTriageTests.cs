using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>Quick views, the two orders and the customer's wait, on a small fixed set of conversations.</summary>
public sealed class InboxTriageTests : IAsyncLifetime
{
    private static readonly Viewer AgentA = Viewer.Agent("agent-a");
    private static readonly Viewer Supervisor = new("supervisor", IsAdmin: false, IsSupervisor: true);
    private static readonly DateTime Day = new(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);
    private static readonly IReadOnlyList<int> AgentAQueues = [1];

    private SqliteTestDatabase database = default!;
    private InboxQuery inbox = default!;

    private static DateTime At(int hour, int minute) => Day.AddHours(hour).AddMinutes(minute);

    public async Task InitializeAsync()
    {
        database = await SqliteTestDatabase.CreateAsync();
        inbox = new InboxQuery(database, new ContactAddresses(Options.Create(new ContactsOptions())));
        await using var db = database.CreateDbContext();
        db.Users.AddRange(
            new ApplicationUser { Id = "agent-a", UserName = "a", DisplayName = "Agent A", Extension = "101" },
            new ApplicationUser { Id = "agent-b", UserName = "b", DisplayName = "Agent B", Extension = "102" },
            new ApplicationUser { Id = "supervisor", UserName = "s", DisplayName = "Supervisor", Extension = "201" });
        db.Queues.AddRange(
            new Queue { Id = 1, Name = "Sales", FirstReplyTargetMinutes = 5, Members = [new QueueMember { UserId = "agent-a" }] },
            new Queue { Id = 2, Name = "Billing", Members = [new QueueMember { UserId = "agent-b" }] });
        // c1: Agent A answered, then the customer wrote again at 9:10. c2: unowned in Sales, offered to Agent A, unanswered
        // since 8:00. c3: Agent A's, answered. c4: Agent B's, unanswered since 7:00. c5: unowned in Billing since 9:30.
        db.Conversations.AddRange(
            Conversation(1, "agent-a", 1, null, (MessageDirection.Inbound, At(9, 0)), (MessageDirection.Outbound, At(9, 2)), (MessageDirection.Inbound, At(9, 10))),
            Conversation(2, null, 1, "agent-a", (MessageDirection.Inbound, At(8, 0))),
            Conversation(3, "agent-a", 2, null, (MessageDirection.Inbound, At(9, 20)), (MessageDirection.Outbound, At(9, 25))),
            Conversation(4, "agent-b", 2, null, (MessageDirection.Inbound, At(7, 0))),
            Conversation(5, null, 2, "agent-b", (MessageDirection.Inbound, At(9, 30))));
        await db.SaveChangesAsync();
    }

    private static Conversation Conversation(long id, string? owner, int queue, string? offeredTo, params (MessageDirection Direction, DateTime At)[] messages) => new()
    {
        Id = id, Channel = Omnichat.Blazor.Features.Channels.ChannelKind.Sms, Status = ConversationStatus.Open, OwnerId = owner, QueueId = queue,
        CreatedAt = messages[0].At, LastActivityAt = messages[^1].At, LastMessagePreview = $"conversation {id}",
        Offers = offeredTo is null ? [] : [new ConversationOffer { UserId = offeredTo }],
        Messages = messages.Select(m => new Message { Direction = m.Direction, SentAt = m.At, Body = "…", State = DeliveryState.Received }).ToList(),
    };

    private async Task<IEnumerable<long>> IdsAsync(Viewer viewer, InboxFilter filter) =>
        (await inbox.RecentAsync(viewer, filter)).Items.Select(i => i.Id);

    private static InboxFilter View(InboxView view, Viewer viewer, IReadOnlyList<int> queues) => InboxViews.Apply(view, new InboxFilter(), viewer, queues);

    [Fact]
    public async Task Quick_views_narrow_an_agents_list_to_their_own_their_queues_or_the_unassigned()
    {
        Assert.Equal([3, 1], await IdsAsync(AgentA, View(InboxView.Mine, AgentA, AgentAQueues)));
        Assert.Equal([1, 2], await IdsAsync(AgentA, View(InboxView.MyQueues, AgentA, AgentAQueues)));
        Assert.Equal([2], await IdsAsync(AgentA, View(InboxView.Unassigned, AgentA, AgentAQueues)));
    }

    [Fact]
    public async Task A_reviewer_sees_all_or_every_unassigned_conversation()
    {
        Assert.Equal([5, 3, 1, 2, 4], await IdsAsync(Supervisor, View(InboxView.All, Supervisor, [])));
        Assert.Equal([5, 2], await IdsAsync(Supervisor, View(InboxView.Unassigned, Supervisor, [])));
    }

    [Fact]
    public void The_quick_view_is_read_back_from_the_filter()
    {
        foreach (var view in Enum.GetValues<InboxView>())
            Assert.Equal(view, InboxViews.Of(View(view, AgentA, AgentAQueues), AgentA, AgentAQueues));
        Assert.Null(InboxViews.Of(new InboxFilter(QueueId: 2), AgentA, AgentAQueues));
    }

    [Fact]
    public async Task Longest_waiting_first_puts_unanswered_customers_oldest_first_and_answered_ones_last_across_pages()
    {
        var sort = new InboxFilter(Sort: InboxSort.LongestWaiting);
        var seen = new List<long>();
        InboxCursor? cursor = null;
        do
        {
            var page = await inbox.RecentAsync(Supervisor, sort, cursor, take: 2);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal([4, 2, 1, 5, 3], seen);
    }

    [Fact]
    public async Task Each_row_says_since_when_the_customer_waits_for_a_first_or_next_reply_with_the_queues_target()
    {
        var items = (await inbox.RecentAsync(Supervisor, new InboxFilter())).Items.ToDictionary(i => i.Id);

        Assert.Equal(new CustomerWait(At(9, 10), FirstReply: false, TargetMinutes: 5), items[1].Wait);
        Assert.Equal(new CustomerWait(At(8, 0), FirstReply: true, TargetMinutes: 5), items[2].Wait);
        Assert.False(items[3].Wait!.IsWaiting);
        Assert.Equal(new CustomerWait(At(7, 0), FirstReply: true, TargetMinutes: null), items[4].Wait);
        Assert.True(items[2].Wait!.IsLate(At(8, 6)));
        Assert.False(items[2].Wait!.IsLate(At(8, 4)));
        Assert.False(items[4].Wait!.IsLate(At(23, 0)));
    }

    [Fact]
    public void A_live_list_places_rows_in_the_same_order_as_the_waiting_sort()
    {
        InboxItem Row(long id, DateTime activity, DateTime? waitingSince) =>
            new(id, Omnichat.Blazor.Features.Channels.ChannelKind.Sms, "c", null, activity, null, null, ConversationStatus.Open) { Wait = new CustomerWait(waitingSince, true, null) };
        var (oldWait, newWait, answered) = (Row(1, At(9, 0), At(7, 0)), Row(2, At(8, 0), At(8, 0)), Row(3, At(10, 0), null));

        Assert.True(InboxSorting.Precedes(oldWait, newWait, InboxSort.LongestWaiting));
        Assert.True(InboxSorting.Precedes(newWait, answered, InboxSort.LongestWaiting));
        Assert.True(InboxSorting.Precedes(answered, oldWait, InboxSort.LatestActivity));
    }

    public Task DisposeAsync()
    {
        database.Delete();
        return Task.CompletedTask;
    }
}
