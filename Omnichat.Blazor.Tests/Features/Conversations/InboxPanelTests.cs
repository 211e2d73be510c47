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
        foreach (var console in consoles) await console.WaitForAssertionAsync(() => Assert.Equal("1", console.Find(badge).TextContent.Trim()));

        // The agent reads it in a third tab.
        var newest = (await world.LoadAsync(chat.ConversationId)).Messages.Max(m => m.Id);
        await app.Factory.Services.GetRequiredService<ConversationReadMarks>().MarkReadAsync(chat.ConversationId, agent.UserId, newest);

        foreach (var console in consoles) await console.WaitForAssertionAsync(() => Assert.Empty(console.FindAll(badge)));
    }

    [Fact]
    public async Task A_pending_chat_leaves_the_Open_list_live_and_comes_back_when_the_customer_writes()
    {
        var agent = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        var phone = TestWorld.NewPhone();
        var chat = await world.CustomerWritesAsync(channel, phone, "Can I change my delivery address?");
        await world.Lifecycle.ReplyAsync(chat.ConversationId, agent, "Which address would you like?");
        await using var ctx = AppComponentContext.For(app, agent);
        var console = ctx.Render<InboxPanel>(p => p.Add(c => c.Viewer, agent));
        var row = $"[data-testid=inbox-item][data-conversation-id='{chat.ConversationId}']";
        await console.WaitForAssertionAsync(() => Assert.Single(console.FindAll(row)));

        await app.Factory.Services.GetRequiredService<ConversationWaiting>().MarkPendingAsync(chat.ConversationId, agent);
        await console.WaitForAssertionAsync(() => Assert.Empty(console.FindAll(row)));

        await world.CustomerWritesAsync(channel, phone, "Kerkstraat 1, please");
        await console.WaitForAssertionAsync(() => Assert.Single(console.FindAll(row)));
        Assert.Empty(console.FindAll($"{row} [data-testid=inbox-waiting]"));
    }

    [Fact]
    public async Task Live_changes_leave_the_list_exactly_as_a_reload_would_show_it()
    {
        var (agent, colleague) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent, colleague);
        await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Before the console opened");
        await using var ctx = AppComponentContext.For(app, agent);
        var console = ctx.Render<InboxPanel>(p => p.Add(c => c.Viewer, agent));
        await console.WaitForAssertionAsync(() => Assert.Single(console.FindAll("[data-testid=inbox-item]")));

        var phone = TestWorld.NewPhone();
        var mine = await world.CustomerWritesAsync(channel, phone, "First question");
        var taken = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Taken by a colleague");
        var archived = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Archived soon");
        await world.Lifecycle.ClaimAsync(mine.ConversationId, agent);
        await world.CustomerWritesAsync(channel, phone, "Second question");
        await world.Lifecycle.ClaimAsync(taken.ConversationId, colleague);
        await world.Lifecycle.ClaimAsync(archived.ConversationId, agent);
        await world.Lifecycle.ArchiveAsync(archived.ConversationId, agent);

        var reload = await world.RecentAsync(agent);
        Assert.Equal(2, reload.Count);
        await console.WaitForAssertionAsync(() => Assert.Equal(
            reload.Select(i => $"{i.Id} | {i.Preview} | {i.Unread} | {i.OwnerName ?? i.QueueName + " · unassigned"} | {(i.Wait?.IsWaiting == true ? "waiting" : "answered")}"),
            console.FindAll("[data-testid=inbox-item]").Select(e => string.Join(" | ",
                e.GetAttribute("data-conversation-id"),
                e.QuerySelector("[data-testid=inbox-preview]")!.TextContent.Trim(),
                e.QuerySelector("[data-testid=inbox-unread]")?.TextContent.Trim() ?? "0",
                string.Join(' ', e.QuerySelector("[data-testid=inbox-badge]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
                e.QuerySelector("[data-testid=inbox-wait]") is null ? "answered" : "waiting"))));
    }
}
