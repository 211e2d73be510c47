using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
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

    [Fact]
    public async Task Shortcuts_open_the_next_chat_take_it_reply_and_mark_it_dealt_with_but_never_fire_while_typing()
    {
        var agentUser = await app.World.UserAsync();
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agentUser);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        await using var _ = context;
        var older = (await app.World.CustomerWritesAsync(channel, "+31677777771", "First question")).ConversationId;
        var newer = (await app.World.CustomerWritesAsync(channel, "+31677777772", "Second question")).ConversationId;
        // The latest activity comes first.
        var items = page.GetByTestId("inbox-item");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.Nth(0)).ToHaveAttributeAsync("data-conversation-id", newer.ToString());
        var (firstId, secondId) = (newer, older);

        await page.Keyboard.PressAsync("j");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{firstId}$"));
        await page.Keyboard.PressAsync("j");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{secondId}$"));
        await page.Keyboard.PressAsync("k");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{firstId}$"));

        await Expect(page.GetByTestId("take-ownership")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByTestId("take-ownership")).ToBeHiddenAsync();
        Assert.Equal(agentUser.UserId, (await app.World.LoadAsync(firstId)).OwnerId);

        // In the composer, letters are text: "d" types a d and deals with nothing.
        await page.Keyboard.PressAsync("r");
        var composer = page.GetByTestId("composer").Locator("textarea").First;
        await Expect(composer).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("done");
        await Expect(composer).ToHaveValueAsync("done");
        Assert.Equal(ConversationStatus.Open, (await app.World.LoadAsync(firstId)).Status);
        await page.Keyboard.PressAsync("Escape");
        await Expect(composer).Not.ToBeFocusedAsync();

        await page.Keyboard.PressAsync("?");
        var help = page.GetByRole(AriaRole.Dialog);
        await Expect(help.GetByTestId("shortcut-row").Filter(new() { HasText = "Mark as dealt with" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(help).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("d");
        await Expect(page.Locator($"[data-testid='inbox-item'][data-conversation-id='{firstId}']")).ToBeHiddenAsync();
        Assert.Equal(ConversationStatus.DealtWith, (await app.World.LoadAsync(firstId)).Status);

        await page.Keyboard.PressAsync("/");
        await Expect(page.GetByTestId("filter-search")).ToBeFocusedAsync();
    }
}
