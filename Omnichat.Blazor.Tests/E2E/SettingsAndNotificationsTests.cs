using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

[Collection(E2ECollection.Name)]
public class SettingsAndNotificationsTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>Stands in for the browser's Notification API and audio, recording what the console asked for.</summary>
    internal const string BrowserHooks = """
        window.__notifications = [];
        window.__sounds = [];
        window.Notification = class {
            constructor(title, options) { window.__notifications.push({ title, body: options && options.body }); }
            close() { }
            static get permission() { return window.__permission || "default"; }
            static requestPermission() { window.__permission = "granted"; return Promise.resolve("granted"); }
        };
        HTMLMediaElement.prototype.play = function () { window.__sounds.push(this.src); return Promise.resolve(); };
        """;

    [Fact]
    public async Task Switching_to_Dutch_shows_the_interface_in_Dutch()
    {
        var agent = await app.World.UserAsync();
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await using var _ = context;

        await page.GotoAsync($"{app.BaseUrl}/settings/chat");
        await Browsing.WaitForCircuitAsync(page);
        await page.GetByTestId("setting-language").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Nederlands" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instellingen > Chat" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Meldingen in de app")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("settings-dutch") });

        // The choice belongs to the user: a new sign-in elsewhere is Dutch too.
        var (otherContext, otherPage) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await using var __ = otherContext;
        await Expect(otherPage.GetByRole(AriaRole.Button, new() { Name = "Afmelden" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_new_chat_raises_an_in_app_notification_a_browser_notification_and_a_sound()
    {
        var agent = await app.World.UserAsync();
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agent);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agent, initScript: BrowserHooks);
        await using var _ = context;

        await page.GotoAsync($"{app.BaseUrl}/settings/chat");
        await Browsing.WaitForCircuitAsync(page);
        await page.GetByTestId("setting-web").ClickAsync();
        // Saved and applied to the open console, not just ticked: only then may the customer write.
        await Expect(page.GetByTestId("notification-settings")).ToHaveAttributeAsync("data-web", "on");

        await app.World.CustomerWritesAsync(channel, "+31655555555", "Is my order on its way?");

        await Expect(page.GetByText("New chat from +31655555555: Is my order on its way?")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.__notifications.length === 1 && window.__sounds.length === 1");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(1\) Settings > Chat$"));
        var title = await page.EvaluateAsync<string>("() => window.__notifications[0].title");
        Assert.Equal("New chat from +31655555555", title);
        Assert.EndsWith("/sounds/chime.wav", await page.EvaluateAsync<string>("() => window.__sounds[0]"));
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("notification") });

        // Sound off: the next chat notifies without a sound.
        await page.GetByTestId("setting-sound").ClickAsync();
        await Expect(page.GetByTestId("notification-settings")).ToHaveAttributeAsync("data-sound", "off");
        await app.World.CustomerWritesAsync(channel, "+31655555556", "Hello?");
        await page.WaitForFunctionAsync("() => window.__notifications.length === 2");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(2\) "));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__sounds.length"));
    }
}
