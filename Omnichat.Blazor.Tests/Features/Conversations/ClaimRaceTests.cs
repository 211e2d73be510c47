using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ClaimRaceTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task Fifty_simultaneous_claims_produce_exactly_one_owner_every_time()
    {
        var agents = await world.AgentsAsync(50);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agents);

        for (var round = 0; round < 20; round++)
        {
            var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
            using var start = new ManualResetEventSlim();
            var claims = agents.Select(agent => Task.Run(async () =>
            {
                start.Wait();
                return (agent, outcome: await world.Lifecycle.ClaimAsync(chat.ConversationId, agent));
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(claims);

            var winner = Assert.Single(results, r => r.outcome == Outcome.Done);
            Assert.All(results.Where(r => r.agent != winner.agent), r => Assert.Equal(Outcome.Taken, r.outcome));
            var conversation = await world.LoadAsync(chat.ConversationId);
            Assert.Equal(winner.agent.UserId, conversation.OwnerId);
            Assert.Single(conversation.Events, e => e.Kind == ConversationEventKind.Claimed);
        }
    }

    [Fact]
    public async Task Simultaneous_replies_deliver_only_the_winners_message()
    {
        var agents = await world.AgentsAsync(10);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agents);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());

        var results = await Task.WhenAll(agents.Select(agent =>
            Task.Run(() => world.Lifecycle.ReplyAsync(chat.ConversationId, agent, $"Reply from {agent.UserId}"))));

        var winner = Assert.Single(results, r => r.Outcome == Outcome.Done);
        var outbound = (await world.LoadAsync(chat.ConversationId)).Messages.Where(m => m.Direction == MessageDirection.Outbound);
        Assert.Equal(winner.Message!.Id, Assert.Single(outbound).Id);
    }
}
