using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

/// <summary>Who sees a new chat, per assignment strategy (SPEC section 2).</summary>
public class AssignmentStrategyTests(AppFixture app) : IClassFixture<AppFixture>, IDisposable
{
    private readonly TestWorld world = app.World;
    private readonly List<IDisposable> consoles = [];

    /// <summary>Opens a console for each agent, which is what makes them available.</summary>
    private void Online(params Viewer[] agents) => consoles.AddRange(agents.Select(a => world.Presence.Connect(a.UserId)));

    public void Dispose() => consoles.ForEach(c => c.Dispose());

    private async Task<string[]> OfferedToAsync(int channel)
    {
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        return (await world.LoadAsync(chat.ConversationId)).Offers.Select(o => o.UserId).Order().ToArray();
    }

    private static string[] Ids(params Viewer[] agents) => agents.Select(a => a.UserId).Order().ToArray();

    [Fact]
    public async Task All_offers_every_member_available_or_not()
    {
        var agents = await world.AgentsAsync(3);
        Online(agents[0]);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agents);

        Assert.Equal(Ids(agents), await OfferedToAsync(channel));
    }

    [Fact]
    public async Task TopN_offers_the_first_N_available_members_in_queue_order()
    {
        var agents = await world.AgentsAsync(4);
        var away = await world.UserAsync(away: true);
        Viewer[] members = [agents[0], away, agents[1], agents[2], agents[3]];
        Online(away, agents[1], agents[2], agents[3]);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.TopN, members, topN: 2));

        // agents[0] is offline and the second member is away: the first two available are agents[1] and agents[2].
        Assert.Equal(Ids(agents[1], agents[2]), await OfferedToAsync(channel));
    }

    [Fact]
    public async Task RoundRobin_offers_one_available_member_at_a_time_rotating()
    {
        var agents = await world.AgentsAsync(4);
        Online(agents[0], agents[2], agents[3]);
        var channel = await world.ChannelForAsync(AssignmentStrategy.RoundRobin, agents);

        var turns = new List<string[]>();
        for (var i = 0; i < 4; i++) turns.Add(await OfferedToAsync(channel));

        // agents[1] is offline and is skipped; after the last member the rotation starts over.
        Assert.Equal([Ids(agents[0]), Ids(agents[2]), Ids(agents[3]), Ids(agents[0])], turns);
    }

    [Fact]
    public async Task LeastBusy_offers_the_available_member_with_fewest_open_chats()
    {
        var agents = await world.AgentsAsync(3);
        Online(agents);
        var warmUp = await world.ChannelForAsync(AssignmentStrategy.All, agents);
        await OwnOpenChatsAsync(warmUp, agents[0], 2);
        await OwnOpenChatsAsync(warmUp, agents[2], 1);
        var channel = await world.ChannelForAsync(AssignmentStrategy.LeastBusy, agents);

        Assert.Equal(Ids(agents[1]), await OfferedToAsync(channel));
    }

    [Fact]
    public async Task LeastBusy_breaks_ties_by_queue_order()
    {
        var agents = await world.AgentsAsync(3);
        Online(agents);
        var channel = await world.ChannelForAsync(AssignmentStrategy.LeastBusy, agents[2], agents[1], agents[0]);

        Assert.Equal(Ids(agents[2]), await OfferedToAsync(channel));
    }

    [Fact]
    public async Task Members_at_their_max_open_chats_are_passed_over()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var warmUp = await world.ChannelForAsync(AssignmentStrategy.All, agents);
        await OwnOpenChatsAsync(warmUp, agents[0], 1);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.TopN, agents, topN: 1, maxOpen: 1));

        Assert.Equal(Ids(agents[1]), await OfferedToAsync(channel));
    }

    [Theory]
    [InlineData(AssignmentStrategy.TopN)]
    [InlineData(AssignmentStrategy.RoundRobin)]
    [InlineData(AssignmentStrategy.LeastBusy)]
    public async Task With_no_member_available_every_member_sees_the_chat(AssignmentStrategy strategy)
    {
        var agents = await world.AgentsAsync(2);
        var away = await world.UserAsync(away: true);
        Online(away);
        var channel = await world.ChannelAsync(await world.QueueAsync(strategy, [.. agents, away], topN: 1));

        Assert.Equal(Ids([.. agents, away]), await OfferedToAsync(channel));
    }

    [Fact]
    public async Task Everyone_at_capacity_counts_as_nobody_available()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var warmUp = await world.ChannelForAsync(AssignmentStrategy.All, agents);
        await OwnOpenChatsAsync(warmUp, agents[0], 1);
        await OwnOpenChatsAsync(warmUp, agents[1], 1);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, agents, maxOpen: 1));

        Assert.Equal(Ids(agents), await OfferedToAsync(channel));
    }

    private async Task OwnOpenChatsAsync(int channel, Viewer agent, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
            Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(chat.ConversationId, agent));
        }
    }
}
