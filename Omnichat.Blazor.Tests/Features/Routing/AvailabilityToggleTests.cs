using Bunit;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

public class AvailabilityToggleTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task A_queue_member_can_go_away_and_the_choice_is_saved()
    {
        var agent = await world.UserAsync();
        await world.ChannelForAsync(AssignmentStrategy.All, agent);
        await using var ctx = AppComponentContext.For(app, agent);

        var toggle = ctx.Render<Providers>(p => p.AddChildContent<AvailabilityToggle>());
        var button = await toggle.WaitForElementAsync("[data-testid=availability]");
        Assert.Equal("false", button.GetAttribute("data-away"));
        await button.ClickAsync(new());

        await toggle.WaitForAssertionAsync(() => Assert.Equal("true", toggle.Find("[data-testid=availability]").GetAttribute("data-away")));
        Assert.True((await app.Factory.Services.GetRequiredService<AgentPresence>().AvailabilityAsync(agent.UserId)).IsAway);
    }

    [Fact]
    public async Task Someone_in_no_queue_gets_no_toggle_since_no_chat_is_routed_to_them()
    {
        var supervisor = await world.UserAsync(Roles.Supervisor);
        await using var ctx = AppComponentContext.For(app, supervisor);

        var toggle = ctx.Render<Providers>(p => p.AddChildContent<AvailabilityToggle>());

        await toggle.WaitForAssertionAsync(() => Assert.Empty(toggle.FindAll("[data-testid=availability]")));
        Assert.False((await app.Factory.Services.GetRequiredService<AgentPresence>().AvailabilityAsync(supervisor.UserId)).InAnyQueue);
    }
}
