using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

[Collection(E2ECollection.Name)]
public class LiveChatWidgetTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new(new() { ["Omnichat:ReverseProxy:TrustedProxies:0"] = "127.0.0.1" });
    private HostSite shop = null!;
    private ChannelAccount site = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        shop = await HostSite.StartAsync(() => $"<script src=\"{app.BaseUrl}/widget.js\" data-site=\"{site.Key}\" async></script>");
        var queue = await app.World.QueueAsync(AssignmentStrategy.All, [await app.World.UserAsync()]);
        var services = app.Factory.Services;
        (site, _) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(ChannelKind.LiveChat, "shop", "Example shop", shop.Origin, queue));
        await services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite
        {
            ChannelAccountId = site.Id, AllowedOrigins = shop.Origin, Greeting = "Welcome to the shop!", AskName = false,
        });
    }

    public async Task DisposeAsync()
    {
        await shop.DisposeAsync();
        await app.DisposeAsync();
    }

    /// <summary>The widget lives in a shadow root; Playwright's CSS locators pierce it.</summary>
    private static ILocator Widget(IPage page) => page.Locator("[data-omnichat-widget]");

    private async Task<Conversation> LatestConversationAsync()
    {
        await using var db = await app.World.CreateDbAsync();
        return await db.Conversations.Include(c => c.Offers).OrderByDescending(c => c.Id).FirstAsync(c => c.ChannelAccountId == site.Id);
    }

    private static ILocator InboxItem(IPage page, long conversationId) =>
        page.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']");

    [Fact]
    public async Task A_visitor_and_an_agent_chat_live_the_agent_ends_the_session_and_blocks_the_visitor()
    {
        var agentUser = (await LatestQueueMemberAsync());
        var (agentContext, agent) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        await using var _ = agentContext;

        // The visitor reaches the console through a trusted proxy that forwards their address.
        await using var visitorContext = await browser.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.23" } });
        var page = await visitorContext.NewPageAsync();
        await page.GotoAsync(shop.Origin);
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".msg.greeting")).ToHaveTextAsync("Welcome to the shop!");
        await Widget(page).Locator("textarea").FillAsync("<b>Is this in stock?</b>");
        await Widget(page).Locator("textarea").PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.visitor")).ToHaveTextAsync("<b>Is this in stock?</b>");
        Assert.Equal(0, await Widget(page).Locator(".msg.visitor b").CountAsync());

        // The agent sees it live, with the live chat icon, and the script-like text stays text.
        var conversation = await LatestConversationAsync();
        var item = InboxItem(agent, conversation.Id);
        await Expect(item.GetByTestId("channel-icon")).ToHaveAttributeAsync("data-channel", "LiveChat");
        await item.ClickAsync();
        await Expect(agent.GetByTestId("thread-message").Filter(new() { HasText = "<b>Is this in stock?</b>" })).ToBeVisibleAsync();
        Assert.Equal(0, await agent.GetByTestId("thread-message").Locator("b").CountAsync());
        var composer = agent.GetByTestId("composer").Locator("textarea").First;
        await composer.FillAsync("Yes, ships tomorrow.");
        await composer.PressAsync("Enter");

        await Expect(Widget(page).Locator(".msg.agent")).ToHaveTextAsync("Yes, ships tomorrow.");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("widget-chat") });
        await agent.ScreenshotAsync(new() { Path = Browsing.Screenshot("livechat-console") });

        // Files: an allowed one arrives, a disguised one is refused with the reason.
        var fileInput = Widget(page).Locator("input[type=file]");
        await fileInput.SetInputFilesAsync(new FilePayload { Name = "order.pdf", MimeType = "application/pdf", Buffer = Features.Files.FileSamples.Pdf() });
        await Expect(Widget(page).Locator(".msg.visitor .file")).ToHaveTextAsync("order.pdf");
        await fileInput.SetInputFilesAsync(new FilePayload { Name = "photo.jpg", MimeType = "image/jpeg", Buffer = [.. "MZ"u8, .. new byte[64]] });
        await Expect(Widget(page).Locator(".status")).ToHaveTextAsync("photo.jpg is not a JPEG image");

        await page.ReloadAsync();
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".msg.agent")).ToHaveTextAsync("Yes, ships tomorrow.");
        await Expect(Widget(page).Locator(".msg.visitor").First).ToHaveTextAsync("<b>Is this in stock?</b>");

        // End chat session (asked first: it cannot be undone): the widget says the chat has ended; the visitor may start a new one.
        await agent.GetByTestId("conversation-menu").ClickAsync();
        await agent.GetByTestId("menu-end-session").ClickAsync();
        await agent.GetByTestId("confirm-yes").ClickAsync();
        await Expect(Widget(page).Locator("[data-ended]")).ToHaveTextAsync("This chat has ended.");
        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "ended");
        await Widget(page).GetByText("Start a new chat").ClickAsync();
        await Widget(page).Locator("textarea").FillAsync("Another question");
        await Widget(page).Locator("textarea").PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.visitor")).ToHaveTextAsync("Another question");
        var second = await LatestConversationAsync();
        Assert.NotEqual(conversation.Id, second.Id);

        // Block anonymous user: the open widget is told at once, and stays refused after a reload.
        await InboxItem(agent, second.Id).ClickAsync();
        await Expect(agent.GetByTestId("thread-message").Filter(new() { HasText = "Another question" })).ToBeVisibleAsync();
        await agent.GetByTestId("conversation-menu").ClickAsync();
        await agent.GetByTestId("menu-block").ClickAsync();
        await agent.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Block anonymous user" }).ClickAsync();
        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "blocked");
        await Expect(Widget(page).Locator(".status")).ToHaveTextAsync("You can no longer use this chat.");
        await page.ReloadAsync();
        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "blocked");
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".status")).ToHaveTextAsync("You can no longer use this chat.");
        await Expect(Widget(page).Locator("textarea")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("widget-blocked") });

        // The admin page lists the block with who blocked it.
        await using var db = await app.World.CreateDbAsync();
        Assert.Equal("198.51.100.23", (await db.BlockedIps.SingleAsync()).Ip);
    }

    private async Task<Omnichat.Blazor.Features.Users.Viewer> LatestQueueMemberAsync()
    {
        await using var db = await app.World.CreateDbAsync();
        var userId = await db.QueueMembers.Where(m => m.QueueId == site.QueueId).Select(m => m.UserId).SingleAsync();
        return Omnichat.Blazor.Features.Users.Viewer.Agent(userId);
    }
}
