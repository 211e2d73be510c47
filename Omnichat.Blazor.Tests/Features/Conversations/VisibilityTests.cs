using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class VisibilityTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private ConversationLifecycle Lifecycle => world.Lifecycle;

    [Fact]
    public async Task An_agent_who_lost_the_claim_can_neither_read_nor_act_through_the_services()
    {
        var (winner, loser, colleague) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, winner, loser);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Private details");
        Assert.NotNull(await world.ThreadAsync(chat.ConversationId, loser));

        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(chat.ConversationId, winner));
        var id = chat.ConversationId;

        Assert.Null(await world.ThreadAsync(id, loser));
        Assert.DoesNotContain(await world.RecentAsync(loser), i => i.Id == id);
        Assert.Equal(Outcome.Taken, (await Lifecycle.ReplyAsync(id, loser, "Can I help?")).Outcome);
        Assert.Equal(Outcome.Taken, await Lifecycle.ClaimAsync(id, loser));
        Assert.Equal(Outcome.Taken, await Lifecycle.TransferAsync(id, loser, colleague.UserId, null));
        Assert.Equal(Outcome.Taken, await Lifecycle.ArchiveAsync(id, loser));
        Assert.Equal(Outcome.Taken, await Lifecycle.MarkDealtWithAsync(id, loser));
        Assert.Equal(Outcome.Taken, await Lifecycle.IgnoreAsync(id, loser));
        Assert.Equal(Outcome.NotAllowed, await Lifecycle.DeleteAsync(id, loser));

        var conversation = await world.LoadAsync(id);
        Assert.Equal((winner.UserId, ConversationStatus.Open, false), (conversation.OwnerId, conversation.Status, conversation.IsArchived));
        Assert.Single(conversation.Messages);
    }
}
