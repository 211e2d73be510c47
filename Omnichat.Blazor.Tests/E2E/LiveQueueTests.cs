using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>A supervisor watches the live queue view while a chat arrives, is claimed and an agent goes Away.</summary>
[Collection(E2ECollection.Name)]
public sealed class LiveQueueTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task The_live_queue_view_follows_a_chat_from_arrival_to_claim_without_a_reload()
    {
        var anna = await app.World.UserAsync(name: "Anna de Vries");
        var supervisor = await app.World.UserAsync(Roles.Supervisor, name: "Sofie Supervisor");
        var queueId = await app.World.QueueAsync(AssignmentStrategy.All, [anna], maxOpen: 2);
        var channelId = await app.World.ChannelAsync(queueId);
        var (annaContext, annaPage) = await Browsing.SignInAsync(browser.Browser, app, anna);
        var (supervisorContext, board) = await Browsing.SignInAsync(browser.Browser, app, supervisor);
        await using var _ = annaContext;
        await using var __ = supervisorContext;

        // Agents have no way in: no menu entry.
        await Assertions.Expect(annaPage.GetByTestId("nav-live-queues")).ToHaveCountAsync(0);

        await board.GetByTestId("nav-live-queues").ClickAsync();
        var queue = board.Locator($"[data-testid='live-queue'][data-queue-id='{queueId}']");
        var annaInQueue = queue.Locator($"[data-testid='queue-member'][data-agent-id='{anna.UserId}']");
        await Assertions.Expect(queue.GetByTestId("queue-waiting")).ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(annaInQueue.GetByTestId("availability-chip")).ToHaveAttributeAsync("data-status", "Available");
        await Assertions.Expect(annaInQueue.GetByTestId("member-load")).ToHaveTextAsync("0 of 2 open");

        // A customer writes: the chat waits in the queue, and the longest wait starts counting.
        var received = await app.World.CustomerWritesAsync(channelId, TestWorld.NewPhone(), "Is anyone there?");
        var chat = board.Locator($"[data-testid='live-chat'][data-conversation-id='{received.ConversationId}']");
        await Assertions.Expect(queue.GetByTestId("queue-waiting")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(queue.GetByTestId("queue-longest-wait")).ToBeVisibleAsync();
        await Assertions.Expect(chat).ToHaveAttributeAsync("data-waiting", "true");

        // Anna takes it in her console: it stops waiting and counts against her maximum.
        await annaPage.Locator($"[data-testid='inbox-item'][data-conversation-id='{received.ConversationId}']").ClickAsync();
        await annaPage.GetByTestId("take-ownership").ClickAsync();
        await Assertions.Expect(annaPage.GetByTestId("conversation-owner")).ToContainTextAsync("Anna de Vries");
        Assert.Equal(anna.UserId, (await app.World.LoadAsync(received.ConversationId)).OwnerId);
        await Assertions.Expect(queue.GetByTestId("queue-waiting")).ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(queue.GetByTestId("queue-longest-wait")).ToHaveCountAsync(0);
        await Assertions.Expect(chat).ToHaveAttributeAsync("data-waiting", "false");
        await Assertions.Expect(board.Locator($"tr:has([data-conversation-id='{received.ConversationId}'])").GetByTestId("live-chat-owner"))
            .ToHaveTextAsync("Anna de Vries");
        await Assertions.Expect(annaInQueue.GetByTestId("member-load")).ToHaveTextAsync("1 of 2 open");

        // She replies and then sets herself Away: the board shows both.
        var agentRow = board.Locator($"tr:has([data-testid='live-agent'][data-agent-id='{anna.UserId}'])");
        await Assertions.Expect(agentRow.GetByTestId("agent-last-reply")).ToHaveTextAsync("No reply yet");
        var composer = await Browsing.ComposerAsync(annaPage);
        await composer.FillAsync("Yes, how can I help?");
        await composer.PressAsync("Enter");
        await Assertions.Expect(agentRow.GetByTestId("agent-last-reply")).ToContainTextAsync("ago");
        await annaPage.GetByTestId("availability").ClickAsync();
        await Assertions.Expect(annaPage.GetByTestId("availability")).ToHaveAttributeAsync("data-away", "true");
        await Assertions.Expect(annaInQueue.GetByTestId("availability-chip")).ToHaveAttributeAsync("data-status", "Away");
        await board.ScreenshotAsync(new() { Path = Browsing.Screenshot("live-queues") });

        // From the view, the supervisor opens the conversation read-only.
        await board.Locator($"tr:has([data-conversation-id='{received.ConversationId}'])").GetByTestId("live-chat-open").ClickAsync();
        await Assertions.Expect(board.GetByTestId("read-only")).ToBeVisibleAsync();
        await Assertions.Expect(board.GetByTestId("conversation-contact")).ToBeVisibleAsync();
    }
}
