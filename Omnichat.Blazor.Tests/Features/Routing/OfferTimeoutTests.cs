using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

public sealed class FakeClockAppFixture : AppFixture
{
    public FakeClockAppFixture() => Factory = new OmnichatAppFactory { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
}

public class OfferTimeoutTests(FakeClockAppFixture app) : IClassFixture<FakeClockAppFixture>
{
    private readonly TestWorld world = app.World;
    private readonly FakeTimeProvider clock = app.Factory.Clock!;

    [Fact]
    public async Task An_unclaimed_offer_widens_to_every_member_after_the_timeout()
    {
        var agents = await world.AgentsAsync(3);
        using var first = world.Presence.Connect(agents[0].UserId);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, agents, offerTimeoutSeconds: 60));
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Single((await world.LoadAsync(chat.ConversationId)).Offers);

        clock.Advance(TimeSpan.FromSeconds(59));
        await world.OfferWidening.WidenExpiredOffersAsync();
        Assert.Single((await world.LoadAsync(chat.ConversationId)).Offers);

        clock.Advance(TimeSpan.FromSeconds(2));
        await world.OfferWidening.WidenExpiredOffersAsync();
        var widened = await world.LoadAsync(chat.ConversationId);
        Assert.Equal(agents.Select(a => a.UserId).Order(), widened.Offers.Select(o => o.UserId).Order());
        Assert.Contains(widened.Events, e => e.Kind == ConversationEventKind.OfferWidened);
        Assert.Contains(await world.RecentAsync(agents[2]), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task A_claimed_chat_is_not_widened()
    {
        var agents = await world.AgentsAsync(2);
        using var first = world.Presence.Connect(agents[0].UserId);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, agents, offerTimeoutSeconds: 30));
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await world.Lifecycle.ClaimAsync(chat.ConversationId, agents[0]);

        clock.Advance(TimeSpan.FromMinutes(5));
        await world.OfferWidening.WidenExpiredOffersAsync();

        Assert.Single((await world.LoadAsync(chat.ConversationId)).Offers);
    }
}
