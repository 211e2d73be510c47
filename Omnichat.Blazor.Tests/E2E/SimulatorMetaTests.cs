using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>
/// The channel simulator plays a Messenger user and a WhatsApp Cloud API user against the real, signed Meta endpoint and
/// stands in for the Graph API.
/// </summary>
[Collection(E2ECollection.Name)]
public class SimulatorMetaTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData(ChannelKind.Facebook)]
    [InlineData(ChannelKind.WhatsApp)]
    public async Task A_simulated_meta_user_reaches_the_agent_and_the_reply_comes_back_read(ChannelKind kind)
    {
        var agentUser = await app.World.UserAsync(name: "Anna de Vries");
        await app.World.SimulatedMetaAccountAsync(await app.World.QueueAsync(AssignmentStrategy.All, [agentUser]), kind);
        var (agentContext, agent) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        var (adminContext, phone) = await Browsing.SignInAsync(browser.Browser, app, await app.World.UserAsync(Roles.Admin));
        await using var _ = agentContext;
        await using var __ = adminContext;

        await Browsing.GoAsync(phone, $"{app.BaseUrl}/admin/simulator");
        await phone.GetByTestId("sim-input").FillAsync("Is the spring sale still on?");
        await Expect(phone.GetByTestId("sim-send")).ToBeEnabledAsync();
        await phone.GetByTestId("sim-send").ClickAsync();
        await Expect(phone.GetByTestId("sim-sent")).ToContainTextAsync("Is the spring sale still on?");

        var item = agent.GetByTestId("inbox-item").Filter(new() { HasText = "Is the spring sale still on?" });
        await Expect(item.GetByTestId("channel-icon")).ToHaveAttributeAsync("data-channel", kind.ToString());
        await item.ClickAsync();
        var composer = await Browsing.ComposerAsync(agent);
        await composer.FillAsync("Yes, until Sunday.");
        await composer.PressAsync("Enter");

        var received = phone.GetByTestId("sim-received").Filter(new() { HasText = "Yes, until Sunday." });
        await Expect(received.GetByTestId("sim-status")).ToHaveAttributeAsync("data-status", "read");
        await Expect(agent.GetByTestId("thread-message").Filter(new() { HasText = "Yes, until Sunday." }).GetByTestId("delivery-state"))
            .ToHaveAttributeAsync("data-state", "Read");
        await phone.ScreenshotAsync(new() { Path = Browsing.Screenshot($"simulator-{kind}") });
        await agent.ScreenshotAsync(new() { Path = Browsing.Screenshot($"{kind}-conversation") });
    }
}
