using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>The console on a laptop and on a phone, and the one way dialogs, the information panel and actions behave.</summary>
[Collection(E2ECollection.Name)]
public class LookAndActionsTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly ViewportSize Laptop = new() { Width = 1440, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static ILocator Row(IPage page, long conversationId) =>
        page.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']");

    private static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth");

    private async Task<ConversationStatus> StatusAsync(long conversationId)
    {
        await using var db = await app.World.CreateDbAsync();
        return await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Status).SingleAsync();
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_console_a_conversation_the_archive_and_settings_fit_the_screen_without_sideways_scrolling(int width, int height)
    {
        var anna = await app.World.UserAsync(name: "Anna de Vries-Vandenberghe");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await app.World.CustomerWritesAsync(channel, "+31611112222", "A question with a rather long sentence that must wrap on a narrow phone screen instead of pushing the page wider than it is");
        await app.World.Lifecycle.ClaimAsync(chat.ConversationId, anna);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, anna, new() { ViewportSize = new() { Width = width, Height = height } });
        await using var _ = context;

        var pages = new (string Url, string Proof)[]
        {
            ("", "inbox"),
            ($"conversations/{chat.ConversationId}", "composer"),
            ("archive", "archive-table"),
            ("settings/chat", "setting-language"),
        };
        foreach (var (url, proof) in pages)
        {
            await Browsing.GoAsync(page, $"{app.BaseUrl}/{url}");
            await Expect(page.GetByTestId(proof)).ToBeVisibleAsync();
            Assert.False(await ScrollsSidewaysAsync(page), $"/{url} scrolls sideways at {width}×{height}");
        }
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot($"look-settings-{width}") });
    }

    [Fact]
    public async Task On_a_phone_the_list_opens_a_conversation_full_screen_with_a_back_button_and_its_address_opens_it_directly()
    {
        var anna = await app.World.UserAsync(name: "Anna Phone");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await app.World.CustomerWritesAsync(channel, "+31633334444", "Is my parcel on its way?");
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, anna, new() { ViewportSize = Phone });
        await using var _ = context;

        // The list alone; the name and "Sign out" wait in the account menu, so the bar keeps one line.
        await Expect(page.GetByTestId("console-list")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("no-selection")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToBeHiddenAsync();
        await Expect(Row(page, chat.ConversationId).GetByTestId("inbox-wait")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("look-phone-list") });
        await page.GetByTestId("account-menu").ClickAsync();
        await Expect(page.GetByTestId("account-menu-user")).ToHaveTextAsync("Anna Phone");
        await page.Keyboard.PressAsync("Escape");

        await Row(page, chat.ConversationId).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{chat.ConversationId}$"));
        await Expect(page.GetByTestId("conversation-contact")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("console-list")).ToBeHiddenAsync();
        var composer = await page.GetByTestId("composer").BoundingBoxAsync();
        Assert.True(composer!.Width > 330, $"the composer is {composer.Width}px wide on a 390px screen");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("look-phone-conversation") });

        await page.GetByTestId("back-to-list").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Expect(Row(page, chat.ConversationId)).ToBeVisibleAsync();

        // A shared link opens the conversation itself, not the list.
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{chat.ConversationId}");
        await Expect(page.GetByTestId("conversation-contact")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("console-list")).ToBeHiddenAsync();

        // The information panel covers the phone's screen.
        await page.GetByTestId("conversation-menu").ClickAsync();
        await page.GetByTestId("menu-information").ClickAsync();
        var sheet = await page.GetByTestId("information-sheet").BoundingBoxAsync();
        Assert.True(sheet!.Width >= 389, $"the information sheet is {sheet.Width}px wide on a 390px screen");
    }

    [Fact]
    public async Task Escape_closes_a_dialog_opened_from_the_menu_and_the_information_panel_which_also_has_a_close_button()
    {
        var (anna, bob) = (await app.World.UserAsync(name: "Anna Escape"), await app.World.UserAsync(name: "Bob Escape"));
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await app.World.CustomerWritesAsync(channel, "+31655556666", "Hello?");
        await app.World.Lifecycle.ClaimAsync(chat.ConversationId, anna);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, anna, new() { ViewportSize = Laptop });
        await using var _ = context;
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{chat.ConversationId}");

        await page.GetByTestId("conversation-menu").ClickAsync();
        await page.GetByTestId("menu-transfer").ClickAsync();
        await Expect(page.GetByTestId("transfer-dialog")).ToBeVisibleAsync();
        // The menu closed as the dialog opened.
        await Expect(page.GetByTestId("menu-transfer")).ToBeHiddenAsync();
        await Browsing.FocusInsideAsync(page, ".mud-dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("transfer-dialog")).ToBeHiddenAsync();
        Assert.Equal(anna.UserId, (await app.World.LoadAsync(chat.ConversationId)).OwnerId);

        await page.GetByTestId("conversation-menu").ClickAsync();
        await page.GetByTestId("menu-information").ClickAsync();
        await Expect(page.GetByTestId("information-panel")).ToBeVisibleAsync();
        await Browsing.FocusInsideAsync(page, "[data-testid=information-sheet]");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("information-panel")).ToBeHiddenAsync();

        await page.GetByTestId("conversation-menu").ClickAsync();
        await page.GetByTestId("menu-information").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(page.GetByTestId("information-panel")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Dealt_with_acts_at_once_and_Undo_reopens_the_conversation()
    {
        var anna = await app.World.UserAsync(name: "Anna Undo");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await app.World.CustomerWritesAsync(channel, "+31677778888", "Thanks, that is all");
        await app.World.Lifecycle.ClaimAsync(chat.ConversationId, anna);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, anna, new() { ViewportSize = Laptop });
        await using var _ = context;
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{chat.ConversationId}");
        await Expect(Row(page, chat.ConversationId)).ToBeVisibleAsync();

        await page.GetByTestId("conversation-menu").ClickAsync();
        await page.GetByTestId("menu-dealt-with").ClickAsync();
        // Undo is offered once the action is done.
        var undo = page.GetByRole(AriaRole.Button, new() { Name = "Undo" });
        await Expect(undo).ToBeVisibleAsync();
        await Expect(Row(page, chat.ConversationId)).ToHaveCountAsync(0);
        Assert.Equal(ConversationStatus.DealtWith, await StatusAsync(chat.ConversationId));

        await undo.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{chat.ConversationId}$"));
        await Expect(Row(page, chat.ConversationId)).ToBeVisibleAsync();
        Assert.Equal(ConversationStatus.Open, await StatusAsync(chat.ConversationId));
        Assert.False((await app.World.LoadAsync(chat.ConversationId)).IsArchived);
    }

    [Fact]
    public async Task Deleting_asks_first_with_a_destructive_button_and_cancel_keeps_the_conversation()
    {
        var anna = await app.World.UserAsync(name: "Anna Delete");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await app.World.CustomerWritesAsync(channel, "+31699990000", "Please forget me");
        await app.World.Lifecycle.ClaimAsync(chat.ConversationId, anna);
        await app.World.Lifecycle.ArchiveAsync(chat.ConversationId, anna);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, anna, new() { ViewportSize = Laptop });
        await using var _ = context;
        await Browsing.GoAsync(page, $"{app.BaseUrl}/archive");

        await page.GetByTestId("archive-row-menu").ClickAsync();
        await page.GetByTestId("archive-delete").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("confirm-yes")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-button-filled-error"));
        await page.GetByTestId("confirm-cancel").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToBeHiddenAsync();
        Assert.Equal(ConversationStatus.Open, await StatusAsync(chat.ConversationId));

        await page.GetByTestId("archive-row-menu").ClickAsync();
        await page.GetByTestId("archive-delete").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("archive-empty")).ToBeVisibleAsync();
        Assert.Equal(ConversationStatus.Deleted, await StatusAsync(chat.ConversationId));
    }
}
