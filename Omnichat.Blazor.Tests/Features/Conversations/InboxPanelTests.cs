using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class InboxPanelTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task Reading_a_chat_clears_its_unread_badge_in_every_console_of_that_agent()
    {
        var agent = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Are you open on Sunday?");
        await using var firstTab = AppComponentContext.For(app, agent);
        await using var secondTab = AppComponentContext.For(app, agent);
        var consoles = new[] { firstTab, secondTab }.Select(tab => tab.Render<InboxPanel>(p => p.Add(c => c.Viewer, agent))).ToList();
        var badge = $"[data-conversation-id='{chat.ConversationId}'] [data-testid=inbox-unread]";
        foreach (var console in consoles) console.WaitForAssertion(() => Assert.Equal("1", console.Find(badge).TextContent.Trim()));

        // The agent reads it in a third tab.
        var newest = (await world.LoadAsync(chat.ConversationId)).Messages.Max(m => m.Id);
        await app.Factory.Services.GetRequiredService<ConversationReadMarks>().MarkReadAsync(chat.ConversationId, agent.UserId, newest);

        foreach (var console in consoles) console.WaitForAssertion(() => Assert.Empty(console.FindAll(badge)));
    }
}
