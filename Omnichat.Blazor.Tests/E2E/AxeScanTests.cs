using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>An axe-core scan of the pages people use all day: no serious or critical accessibility violations.</summary>
[Collection(E2ECollection.Name)]
public class AxeScanTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string name)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
    }

    [Fact]
    public async Task The_console_a_conversation_the_archive_settings_admin_pages_sign_in_and_the_widget_have_no_serious_violations()
    {
        var admin = await app.World.UserAsync(Roles.Admin);
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, admin);
        var chat = await app.World.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Can I change my delivery address?");
        var found = new List<string>();

        await using (var anonymous = await browser.Browser.NewContextAsync())
        {
            var signIn = await anonymous.NewPageAsync();
            await signIn.GotoAsync($"{app.BaseUrl}/Account/Login");
            found.AddRange(await SeriousViolationsAsync(signIn, "sign-in"));
        }

        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, admin);
        await using var _ = context;
        await Expect(page.GetByTestId("inbox-item")).ToHaveCountAsync(1);
        found.AddRange(await SeriousViolationsAsync(page, "console"));
        foreach (var (name, path, ready) in new (string, string, string)[]
        {
            ("conversation", $"/conversations/{chat.ConversationId}", "thread-message"),
            ("archive", "/archive", "archive-empty"),
            ("settings", "/settings/chat", "setting-language"),
            ("users", "/admin/users", "users-table"),
            ("queues", "/admin/queues", "queue-panel"),
            ("channels", "/admin/channels", "channels-table"),
        })
        {
            await Browsing.GoAsync(page, app.BaseUrl + path);
            // Loaded, as a person sees it: the page's content, and nothing left loading.
            await Expect(page.GetByTestId(ready).First).ToBeAttachedAsync();
            await Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
            found.AddRange(await SeriousViolationsAsync(page, name));
        }

        await Browsing.ShortcutsListenAsync(page);
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByTestId("shortcut-row").First).ToBeVisibleAsync();
        found.AddRange(await SeriousViolationsAsync(page, "shortcuts overlay"));

        await using var shop = await HostSite.StartAsync(() => $"<script src=\"{app.BaseUrl}/widget.js\" data-site=\"axe-shop\" async></script>");
        var queue = await app.World.QueueAsync(AssignmentStrategy.All, [admin]);
        var services = app.Factory.Services;
        var (site, _) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(ChannelKind.LiveChat, "axe-shop", "Shop", shop.Origin, queue));
        await services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = site!.Id, AllowedOrigins = shop.Origin });
        await using var visitorContext = await browser.Browser.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync(shop.Origin);
        var widget = visitor.Locator("[data-omnichat-widget]");
        await Expect(widget).ToHaveAttributeAsync("data-state", "online");
        await widget.Locator(".bubble").ClickAsync();
        await Expect(widget.Locator("input[name=name]")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolationsAsync(visitor, "widget"));

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
