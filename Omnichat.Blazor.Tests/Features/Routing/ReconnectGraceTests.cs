using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

/// <summary>
/// Closing the last console makes an agent unavailable once <see cref="AgentPresence.ReconnectGrace"/> has passed, so a
/// console that reloads (closing its circuit and opening a new one) keeps what was offered to its agent.
/// </summary>
public class ReconnectGraceTests(FakeClockAppFixture app) : IClassFixture<FakeClockAppFixture>
{
    private readonly TestWorld world = app.World;
    private readonly FakeTimeProvider clock = app.Factory.Clock!;
    private OfferReplanning Replanning => app.Factory.Services.GetRequiredService<OfferReplanning>();

    private async Task<string[]> OffersAsync(long conversationId) =>
        (await world.LoadAsync(conversationId)).Offers.Select(o => o.UserId).Order().ToArray();

    private static string[] Ids(params Viewer[] agents) => agents.Select(a => a.UserId).Order().ToArray();

    [Fact]
    public async Task Closing_the_console_makes_an_agent_unavailable_once_the_grace_has_passed()
    {
        var agents = await world.AgentsAsync(2);
        using var annasConsole = world.Presence.Connect(agents[0].UserId);
        var bobsConsole = world.Presence.Connect(agents[1].UserId);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.TopN, agents, topN: 2));
        Assert.Equal(Ids(agents), await NewChatOffersAsync(channel));

        bobsConsole.Dispose();
        Assert.Equal(Ids(agents), await NewChatOffersAsync(channel));

        clock.Advance(AgentPresence.ReconnectGrace);
        Assert.False(world.Presence.IsOnline(agents[1].UserId));
        Assert.Equal(Ids(agents[0]), await NewChatOffersAsync(channel));
    }

    [Fact]
    public async Task Reloading_the_only_console_keeps_the_offer()
    {
        var agents = await world.AgentsAsync(2);
        var annasConsole = world.Presence.Connect(agents[0].UserId);
        using var bobsConsole = world.Presence.Connect(agents[1].UserId);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.TopN, agents, topN: 1));
        var chat = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;

        annasConsole.Dispose();
        // Whatever plans meanwhile still counts her in.
        Assert.Equal(0, await Replanning.ReplanAsync(new RoutingChange([agents[0].UserId], [], [])));
        using var reloaded = world.Presence.Connect(agents[0].UserId);
        clock.Advance(AgentPresence.ReconnectGrace);

        Assert.True(world.Presence.IsOnline(agents[0].UserId));
        Assert.Equal(0, await Replanning.ReplanAsync(new RoutingChange([agents[0].UserId], [], [])));
        Assert.Equal(Ids(agents[0]), await OffersAsync(chat));
    }

    private async Task<string[]> NewChatOffersAsync(int channel) =>
        await OffersAsync((await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId);
}
