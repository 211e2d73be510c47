using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>The channel simulator plays a customer's phone against the real, signed Twilio endpoints.</summary>
[Collection(E2ECollection.Name)]
public class SimulatorSmsTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_simulated_sms_reaches_the_agent_live_and_the_reply_reaches_the_phone()
    {
        var agentUser = await app.World.UserAsync(name: "Anna de Vries");
        await app.World.ChannelForAsync(AssignmentStrategy.All, agentUser);
        var (agentContext, agent) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        var (adminContext, phone) = await Browsing.SignInAsync(browser.Browser, app, await app.World.UserAsync(Roles.Admin));
        await using var _ = agentContext;
        await using var __ = adminContext;

        await Browsing.GoAsync(phone, $"{app.BaseUrl}/admin/simulator");
        await phone.GetByTestId("sim-customer").FillAsync("+31677777777");
        await phone.GetByTestId("sim-customer").PressAsync("Tab");
        await phone.GetByTestId("sim-input").FillAsync("Hi, is the shop open on Sunday?");
        // The send button comes alive once the console has the typed text.
        await Expect(phone.GetByTestId("sim-send")).ToBeEnabledAsync();
        await phone.GetByTestId("sim-send").ClickAsync();
        await Expect(phone.GetByTestId("sim-sent")).ToContainTextAsync("Hi, is the shop open on Sunday?");

        var item = agent.GetByTestId("inbox-item").Filter(new() { HasText = "Hi, is the shop open on Sunday?" });
        await Expect(item.GetByTestId("channel-icon")).ToHaveAttributeAsync("data-channel", "Sms");
        await item.ClickAsync();
        var composer = await Browsing.ComposerAsync(agent);
        await composer.FillAsync("Yes, from 12 to 5.");
        await composer.PressAsync("Enter");

        await Expect(phone.GetByTestId("sim-received")).ToContainTextAsync("Yes, from 12 to 5.");
        await Expect(phone.GetByTestId("sim-received")).ToContainTextAsync("Delivered");
        await Expect(agent.GetByTestId("thread-message").Filter(new() { HasText = "Yes, from 12 to 5." }).GetByTestId("delivery-state"))
            .ToHaveAttributeAsync("data-state", "Delivered");
        await phone.ScreenshotAsync(new() { Path = Browsing.Screenshot("simulator-sms") });
        await agent.ScreenshotAsync(new() { Path = Browsing.Screenshot("sms-conversation") });
    }
}
