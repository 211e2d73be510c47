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
        var composer = await Browsing.ComposerAsync(agent);
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

    [Fact]
    public async Task A_Dutch_visitor_gets_the_widget_in_Dutch_sees_who_answers_and_when_and_both_sides_see_the_other_typing()
    {
        var agentUser = await LatestQueueMemberAsync();
        var agentName = (await app.World.ProfileAsync(agentUser)).DisplayName;
        var (agentContext, agent) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        await using var _ = agentContext;
        await using var visitorContext = await browser.Browser.NewContextAsync(new() { Locale = "nl-NL" });
        var page = await visitorContext.NewPageAsync();
        await page.GotoAsync(shop.Origin);

        var bubble = Widget(page).Locator(".bubble");
        await Expect(bubble).ToHaveAttributeAsync("aria-label", "Chat met ons");
        await bubble.ClickAsync();
        var textarea = Widget(page).Locator("textarea");
        await Expect(textarea).ToHaveAttributeAsync("placeholder", "Typ je bericht");
        await Expect(Widget(page).Locator(".send")).ToHaveTextAsync("Verstuur");
        await textarea.FillAsync("Hebben jullie maat 42?");
        await textarea.PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.visitor")).ToContainTextAsync("Hebben jullie maat 42?");
        await Expect(Widget(page).Locator(".row.visitor time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));

        var conversation = await LatestConversationAsync();
        await InboxItem(agent, conversation.Id).ClickAsync();
        await Expect(agent.GetByTestId("thread-message").Filter(new() { HasText = "Hebben jullie maat 42?" })).ToBeVisibleAsync();

        // The visitor types again: the agent sees it.
        await textarea.PressSequentiallyAsync("En in het blauw");
        await Expect(agent.GetByTestId("typing-notice")).ToHaveTextAsync("Website visitor is typing…");

        // The agent types: the visitor sees who, in Dutch; the reply carries the agent's name, initials and time.
        var composer = await Browsing.ComposerAsync(agent);
        await composer.PressSequentiallyAsync("Ja, in zwart en blauw.");
        await Expect(Widget(page).Locator(".typing")).ToHaveTextAsync($"{agentName} typt…");
        await composer.PressAsync("Enter");
        var reply = Widget(page).Locator(".row.agent");
        await Expect(reply.Locator(".msg.agent")).ToContainTextAsync("Ja, in zwart en blauw.");
        await Expect(reply.Locator(".who")).ToHaveTextAsync(agentName);
        await Expect(reply.Locator(".avatar")).ToHaveTextAsync(Initials(agentName));
        await Expect(reply.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));
        await Expect(Widget(page).Locator(".typing")).ToHaveTextAsync("");
        await using var db = await app.World.CreateDbAsync();
        Assert.Equal(agentUser.UserId, (await db.Messages.OrderBy(m => m.Id).LastAsync(m => m.ConversationId == conversation.Id)).AuthorId);
    }

    [Fact]
    public async Task A_page_whose_origin_is_not_allowed_gets_a_friendly_refusal_and_the_admin_sees_the_reason_on_the_channels_page()
    {
        await using var foreignShop = await HostSite.StartAsync(() => $"<script src=\"{app.BaseUrl}/widget.js\" data-site=\"{site.Key}\" async></script>");
        await using var visitorContext = await browser.Browser.NewContextAsync();
        var page = await visitorContext.NewPageAsync();
        await page.GotoAsync(foreignShop.Origin);

        await Expect(Widget(page)).ToHaveAttributeAsync("data-state", "refused");
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".status")).ToHaveTextAsync("Chat is not available on this page.");
        await Expect(Widget(page).Locator("textarea")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("widget-refused") });

        await using (var db = await app.World.CreateDbAsync())
            Assert.Equal(foreignShop.Origin, (await db.LiveChatSites.SingleAsync(s => s.ChannelAccountId == site.Id)).LastRefusedOrigin);
        var (adminContext, admin) = await Browsing.SignInAsync(browser.Browser, app, await app.World.UserAsync(Omnichat.Blazor.Features.Users.Roles.Admin));
        await using var _ = adminContext;
        await Browsing.GoAsync(admin, $"{app.BaseUrl}/admin/channels");
        await Expect(admin.GetByTestId("refused-origin")).ToContainTextAsync($"A page at {foreignShop.Origin} tried to use this chat");
    }

    private static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (words[0][..1] + (words.Length > 1 ? words[^1][..1] : "")).ToUpperInvariant();
    }

    private async Task<Omnichat.Blazor.Features.Users.Viewer> LatestQueueMemberAsync()
    {
        await using var db = await app.World.CreateDbAsync();
        var userId = await db.QueueMembers.Where(m => m.QueueId == site.QueueId).Select(m => m.UserId).SingleAsync();
        return Omnichat.Blazor.Features.Users.Viewer.Agent(userId);
    }
}
