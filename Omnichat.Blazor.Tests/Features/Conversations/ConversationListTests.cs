using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ConversationListTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task A_console_open_all_day_keeps_the_pages_it_loaded_and_new_chats_push_the_oldest_out_to_load_more()
    {
        var agent = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        for (var i = 0; i < InboxQuery.PageSize; i++) await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), $"Earlier {i}");
        var list = new ConversationList(agent, InboxQuery.InRecent(agent), (filter, after, take) => world.Inbox.RecentAsync(agent, filter, after, take));
        await list.LoadAsync();
        Assert.Equal((InboxQuery.PageSize, false), (list.Items.Count, list.HasMore));
        var oldest = list.Items[^1].Id;

        var arrived = new List<long>();
        for (var i = 0; i < 3; i++) arrived.Add((await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), $"New {i}")).ConversationId);
        var snapshots = await world.Inbox.SnapshotsAsync(arrived);
        Assert.True(list.TryApply(arrived.Select(id => new ConversationUpdate(new ConversationChanged(id, ConversationChange.Created), snapshots[id])).ToList(), out var changed));

        Assert.True(changed);
        Assert.Equal(InboxQuery.PageSize, list.Items.Count);
        Assert.Equal(arrived[^1], list.Items[0].Id);
        Assert.DoesNotContain(list.Items, i => i.Id == oldest);
        Assert.True(list.HasMore);

        await list.LoadMoreAsync();

        Assert.Equal(InboxQuery.PageSize + 3, list.Items.Count);
        Assert.Equal(oldest, list.Items[^1].Id);
        Assert.Equal(list.Items.Count, list.Items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_search_typed_while_the_list_still_loads_keeps_its_rows_when_the_first_load_ends_later()
    {
        var agent = await world.UserAsync();
        var (all, found) = (Row(1, "Everyone"), Row(2, "Invoice 5577"));
        var firstLoad = new TaskCompletionSource<InboxPage>();
        var list = new ConversationList(agent, InboxQuery.InRecent(agent), (filter, after, take) =>
            filter.Search is null ? firstLoad.Task : Task.FromResult(new InboxPage([found], null)));

        var loading = list.LoadAsync();
        await list.FilterAsync(new InboxFilter(Search: "5577"));
        firstLoad.SetResult(new InboxPage([all, found], null));
        await loading;

        Assert.Equal([found.Id], list.Items.Select(i => i.Id));
    }

    private static InboxItem Row(long id, string preview) =>
        new(id, ChannelKind.Sms, "Maria", preview, DateTime.UtcNow, null, "Support", ConversationStatus.Open);
}
