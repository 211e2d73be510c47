using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

/// <summary>A queue can be deleted; channels routing to it must be given another queue, and its conversations stay readable.</summary>
public class QueueDeletionTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task Deleting_a_queue_moves_its_channels_and_conversations_to_the_chosen_queue()
    {
        var anna = await world.UserAsync();
        var (doomed, kept) = (await world.QueueAsync(AssignmentStrategy.All, [anna]), await world.QueueAsync(AssignmentStrategy.All, [anna]));
        var channel = await world.ChannelAsync(doomed);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Still there?")).ConversationId;
        Assert.Equal(["Test channel"], await world.Queues.ChannelsRoutingToAsync(doomed));

        Assert.Null(await world.Queues.DeleteAsync(doomed, channelsMoveTo: kept));

        await using var db = await world.CreateDbAsync();
        Assert.False(await db.Queues.AnyAsync(q => q.Id == doomed));
        Assert.Equal(kept, (await db.ChannelAccounts.SingleAsync(a => a.Id == channel)).QueueId);
        Assert.Equal(kept, (await world.LoadAsync(conversation)).QueueId);
        // Still Anna's to read and answer, and new messages on the channel reach the other queue.
        Assert.Contains(await world.RecentAsync(anna), i => i.Id == conversation);
        var next = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "New customer");
        Assert.Equal(kept, (await world.LoadAsync(next.ConversationId)).QueueId);
    }

    [Fact]
    public async Task A_queue_with_channels_is_not_deleted_until_their_new_queue_is_chosen()
    {
        var anna = await world.UserAsync();
        var queue = await world.QueueAsync(AssignmentStrategy.All, [anna]);
        var channel = await world.ChannelAsync(queue);

        Assert.NotNull(await world.Queues.DeleteAsync(queue, channelsMoveTo: null));
        Assert.NotNull(await world.Queues.DeleteAsync(queue, channelsMoveTo: queue));

        await using var db = await world.CreateDbAsync();
        Assert.True(await db.Queues.AnyAsync(q => q.Id == queue));
        Assert.Equal(queue, (await db.ChannelAccounts.SingleAsync(a => a.Id == channel)).QueueId);
    }

    [Fact]
    public async Task A_queue_without_channels_is_deleted_and_its_conversations_stay_readable_without_a_queue()
    {
        var anna = await world.UserAsync();
        var (doomed, other) = (await world.QueueAsync(AssignmentStrategy.All, [anna]), await world.QueueAsync(AssignmentStrategy.All, [anna]));
        var channel = await world.ChannelAsync(doomed);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        // The channel was moved away earlier (by hand): the queue keeps only its old conversation.
        await using (var setup = await world.CreateDbAsync())
            await setup.ChannelAccounts.Where(a => a.Id == channel).ExecuteUpdateAsync(s => s.SetProperty(a => a.QueueId, other));

        Assert.Null(await world.Queues.DeleteAsync(doomed, channelsMoveTo: null));

        Assert.Null((await world.LoadAsync(conversation)).QueueId);
        Assert.Contains(await world.RecentAsync(anna), i => i.Id == conversation);
    }
}
