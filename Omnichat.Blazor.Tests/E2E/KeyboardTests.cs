using Omnichat.Blazor.Features.Labels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
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

        var composer = await Browsing.ComposerAsync(page);
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

        await Browsing.ShortcutsListenAsync(page);
        await page.Keyboard.PressAsync("j");
        await OpenedAsync(page, firstId, "Second question");
        await page.Keyboard.PressAsync("j");
        await OpenedAsync(page, secondId, "First question");
        await page.Keyboard.PressAsync("k");
        var opened = await OpenedAsync(page, firstId, "Second question");

        await Expect(opened.GetByTestId("take-ownership")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByTestId("take-ownership")).ToBeHiddenAsync();
        Assert.Equal(agentUser.UserId, (await app.World.LoadAsync(firstId)).OwnerId);

        // In the composer, letters are text: "d" types a d and deals with nothing.
        await page.Keyboard.PressAsync("r");
        var composer = await Browsing.ComposerAsync(page);
        await Expect(composer).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("done");
        await Expect(composer).ToHaveValueAsync("done");
        Assert.Equal(ConversationStatus.Open, (await app.World.LoadAsync(firstId)).Status);
        await page.Keyboard.PressAsync("Escape");
        await Expect(composer).Not.ToBeFocusedAsync();

        await page.Keyboard.PressAsync("?");
        var help = page.GetByRole(AriaRole.Dialog);
        await Expect(help.GetByTestId("shortcut-row").Filter(new() { HasText = "Mark as dealt with" })).ToBeVisibleAsync();
        await Browsing.FocusInsideAsync(page, ".mud-dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(help).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("d");
        await Expect(page.Locator($"[data-testid='inbox-item'][data-conversation-id='{firstId}']")).ToBeHiddenAsync();
        Assert.Equal(ConversationStatus.DealtWith, (await app.World.LoadAsync(firstId)).Status);

        // The menu "d" went through closes a moment after its item acted.
        await Browsing.MenusClosedAsync(page);
        await page.Keyboard.PressAsync("/");
        await Expect(page.GetByTestId("filter-search")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Shortcuts_set_a_chat_pending_open_the_snooze_and_label_menus_and_switch_to_a_private_note()
    {
        Assert.Null(await app.Factory.Services.GetRequiredService<LabelAdmin>().CreateAsync("Billing", "teal"));
        var agentUser = await app.World.UserAsync();
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agentUser);
        var id = (await app.World.CustomerWritesAsync(channel, "+31677777773", "Where is my refund?")).ConversationId;
        Assert.Equal(Outcome.Done, await app.World.Lifecycle.ClaimAsync(id, agentUser));
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agentUser);
        await using var _ = context;
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{id}");
        await Browsing.ShortcutsListenAsync(page);
        await OpenedAsync(page, id, "Where is my refund?");

        await page.Keyboard.PressAsync("p");
        await Expect(page.GetByTestId("conversation-waiting")).ToHaveAttributeAsync("data-waiting", "Pending");
        Assert.Equal(WaitingState.Pending, (await app.World.LoadAsync(id)).Waiting);

        await page.Keyboard.PressAsync("z");
        await page.GetByTestId("snooze-1h").ClickAsync();
        await Expect(page.GetByTestId("conversation-waiting")).ToHaveAttributeAsync("data-waiting", "Snoozed");
        Assert.Equal(WaitingState.Snoozed, (await app.World.LoadAsync(id)).Waiting);
        await Browsing.MenusClosedAsync(page);

        await page.Keyboard.PressAsync("l");
        await page.GetByTestId("label-option").Filter(new() { HasText = "Billing" }).ClickAsync();
        await Expect(page.GetByTestId("conversation-label").Filter(new() { HasText = "Billing" })).ToBeVisibleAsync();
        await using (var db = await app.World.CreateDbAsync())
            Assert.Equal(1, await db.ConversationLabels.CountAsync(l => l.ConversationId == id));
        await Browsing.MenusClosedAsync(page);

        await page.Keyboard.PressAsync("n");
        await Expect(page.GetByTestId("composer-mode-note")).ToHaveAttributeAsync("aria-pressed", "true");
    }

    /// <summary>
    /// The conversation view shows this conversation, loaded. The address changes before the view does, and until then
    /// the old view (possibly of the same conversation, already replaced on the server) would take the key's click.
    /// </summary>
    private static async Task<ILocator> OpenedAsync(IPage page, long id, string message)
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{id}$"));
        var view = page.Locator($"[data-testid='conversation'][data-conversation-id='{id}']");
        await Expect(view.GetByTestId("thread-message").Filter(new() { HasText = message })).ToBeVisibleAsync();
        return view;
    }
}
