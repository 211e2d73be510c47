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

    [Fact]
    public async Task A_visitor_chats_live_keeps_the_thread_over_reloads_sees_the_end_and_is_blocked()
    {
        // The visitor reaches the console through a trusted proxy that forwards their address.
        await using var context = await browser.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.23" } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(shop.Origin);

        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".msg.greeting")).ToHaveTextAsync("Welcome to the shop!");
        await Widget(page).Locator("textarea").FillAsync("<b>Is this in stock?</b>");
        await Widget(page).Locator("textarea").PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.visitor")).ToHaveTextAsync("<b>Is this in stock?</b>");
        Assert.Equal(0, await Widget(page).Locator(".msg.visitor b").CountAsync());

        var conversation = await LatestConversationAsync();
        var agent = Omnichat.Blazor.Features.Users.Viewer.Agent(conversation.Offers.Single().UserId);
        await app.World.Lifecycle.ReplyAsync(conversation.Id, agent, "Yes, ships tomorrow.");
        await Expect(Widget(page).Locator(".msg.agent")).ToHaveTextAsync("Yes, ships tomorrow.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "widget-chat.png") });

        await page.ReloadAsync();
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".msg.agent")).ToHaveTextAsync("Yes, ships tomorrow.");
        await Expect(Widget(page).Locator(".msg.visitor")).ToHaveTextAsync("<b>Is this in stock?</b>");

        await app.World.Lifecycle.EndSessionAsync(conversation.Id, agent);
        await Expect(Widget(page).Locator("[data-ended]")).ToHaveTextAsync("This chat has ended.");
        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "ended");

        await Widget(page).GetByText("Start a new chat").ClickAsync();
        await Widget(page).Locator("textarea").FillAsync("Another question");
        await Widget(page).Locator("textarea").PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.visitor")).ToHaveTextAsync("Another question");
        var second = await LatestConversationAsync();
        Assert.NotEqual(conversation.Id, second.Id);

        await app.Factory.Services.GetRequiredService<BlockList>().BlockVisitorAsync(second.Id, agent);
        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "blocked");
        await Expect(Widget(page).Locator(".status")).ToHaveTextAsync("You can no longer use this chat.");
        await page.ReloadAsync();
        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "blocked");
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".status")).ToHaveTextAsync("You can no longer use this chat.");
        await Expect(Widget(page).Locator("textarea")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "widget-blocked.png") });
    }
}
