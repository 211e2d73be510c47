using Bunit;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

/// <summary>The conversation view asks before an agent takes a chat past their queue's maximum of open chats.</summary>
public class CapacityPromptTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    /// <summary>An agent who owns as many open chats as the queue allows, and a chat of that queue everyone sees (nobody is online).</summary>
    private async Task<(Viewer Agent, long Waiting)> AtTheMaximumAsync()
    {
        var agents = await world.AgentsAsync(2);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, agents, maxOpen: 1));
        var owned = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(owned.ConversationId, agents[0]));
        var waiting = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        return (agents[0], waiting.ConversationId);
    }

    [Fact]
    public async Task Taking_a_chat_beyond_the_maximum_asks_first_and_takes_it_once_confirmed()
    {
        var (agent, waiting) = await AtTheMaximumAsync();
        await using var ctx = AppComponentContext.For(app, agent);
        var view = ConversationView.Render(app, ctx, agent, waiting);

        // The click handler waits for the question to be answered, so it is not awaited here.
        var taking = (await view.WaitForElementAsync("[data-testid=take-ownership]")).ClickAsync(new());
        var dialog = await view.WaitForElementAsync(".mud-dialog");
        Assert.Contains("as many open chats as this queue allows", dialog.TextContent);
        Assert.Null((await world.LoadAsync(waiting)).OwnerId);
        await view.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Take it anyway")).ClickAsync(new());
        await taking;

        Assert.Equal(agent.UserId, (await world.LoadAsync(waiting)).OwnerId);
        await view.WaitForAssertionAsync(() => Assert.Empty(view.FindAll("[data-testid=take-ownership]")));
    }

    [Fact]
    public async Task Declining_the_question_leaves_the_chat_waiting()
    {
        var (agent, waiting) = await AtTheMaximumAsync();
        await using var ctx = AppComponentContext.For(app, agent);
        var view = ConversationView.Render(app, ctx, agent, waiting);

        var taking = (await view.WaitForElementAsync("[data-testid=take-ownership]")).ClickAsync(new());
        await view.WaitForElementAsync(".mud-dialog");
        await view.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Cancel")).ClickAsync(new());
        await taking;

        Assert.Empty(view.FindAll(".mud-dialog"));
        Assert.Null((await world.LoadAsync(waiting)).OwnerId);
        Assert.Single(view.FindAll("[data-testid=take-ownership]"));
    }
}
