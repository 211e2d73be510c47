using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

[Collection(E2ECollection.Name)]
public class KeyboardTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_agent_opens_and_answers_a_chat_with_the_keyboard_alone()
    {
        var agentUser = await app.World.UserAsync();
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agentUser);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        await using var _ = context;
        var chat = await app.World.CustomerWritesAsync(channel, "+31688888888", "Can I pay by invoice?");

        var item = page.Locator($"[data-testid='inbox-item'][data-conversation-id='{chat.ConversationId}']");
        await Expect(item).ToBeVisibleAsync();
        await item.FocusAsync();
        await Expect(item).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{chat.ConversationId}$"));

        var composer = page.GetByTestId("composer").Locator("textarea").First;
        await composer.FocusAsync();
        await page.Keyboard.TypeAsync("Yes, within 14 days.");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("Kind regards");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByTestId("thread-message").Filter(new() { HasText = "Kind regards" })).ToContainTextAsync("Yes, within 14 days.");
    }
}
