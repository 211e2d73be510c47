using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>Two agents (Anna and Bob) in an "All" queue with an SMS channel, each in their own browser context.</summary>
[Collection(E2ECollection.Name)]
public sealed class ConsoleStoryTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Two_agents_claim_transfer_close_and_clean_up_a_customer_chat()
    {
        var annaUser = await app.World.UserAsync(name: "Anna de Vries");
        var bobUser = await app.World.UserAsync(name: "Bob Smith");
        var smsChannel = await app.World.ChannelForAsync(AssignmentStrategy.All, annaUser, bobUser);
        var (annaContext, anna) = await Browsing.SignInAsync(browser.Browser, app, annaUser);
        var (bobContext, bob) = await Browsing.SignInAsync(browser.Browser, app, bobUser);
        await using var _ = annaContext;
        await using var __ = bobContext;
        await Assertions.Expect(anna.GetByTestId("inbox-empty")).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByTestId("inbox-empty")).ToBeVisibleAsync();

        // A customer writes; both agents of the "All" queue see it live.
        var received = await app.World.CustomerWritesAsync(smsChannel, "+31611112222", "Hello, my parcel never arrived.");
        var annaItem = InboxItem(anna, received.ConversationId);
        var bobItem = InboxItem(bob, received.ConversationId);
        await Assertions.Expect(annaItem).ToContainTextAsync("my parcel never arrived");
        await Assertions.Expect(bobItem).ToContainTextAsync("my parcel never arrived");
        await Assertions.Expect(bobItem.GetByTestId("inbox-unread")).ToHaveTextAsync("1");
        await Assertions.Expect(annaItem.GetByTestId("channel-icon")).ToHaveAttributeAsync("data-channel", "Sms");
        await anna.ScreenshotAsync(new() { Path = Browsing.Screenshot("inbox") });

        // Both open it; Bob starts typing, Anna answers first.
        await annaItem.ClickAsync();
        await bobItem.ClickAsync();
        await Assertions.Expect(anna.GetByTestId("unknown-contact-bar")).ToBeVisibleAsync();
        const string bobDraft = "Let me look that up for y";
        await bob.GetByTestId("composer").Locator("textarea").First.FillAsync(bobDraft);
        var annaComposer = await Browsing.ComposerAsync(anna);
        await annaComposer.FillAsync("Sorry to hear that! Checking now.");
        await annaComposer.PressAsync("Enter");
        await Assertions.Expect(anna.GetByTestId("thread-message").Filter(new() { HasText = "Checking now." })).ToBeVisibleAsync();
        await Assertions.Expect(annaComposer).ToHaveValueAsync("");
        await Assertions.Expect(anna.GetByTestId("conversation-owner")).ToContainTextAsync("Anna de Vries");
        await anna.ScreenshotAsync(new() { Path = Browsing.Screenshot("conversation") });

        // Bob loses it live: the view and the inbox row disappear, he is told why and keeps his draft.
        await Assertions.Expect(bob.GetByTestId("conversation-lost")).ToContainTextAsync("Anna de Vries");
        await Assertions.Expect(bob.GetByTestId("conversation-lost").Locator("textarea")).ToHaveValueAsync(bobDraft);
        await Assertions.Expect(bob.GetByTestId("conversation-header")).ToHaveCountAsync(0);
        await Assertions.Expect(bobItem).ToHaveCountAsync(0);
        await bob.ScreenshotAsync(new() { Path = Browsing.Screenshot("conversation-lost") });

        // Anna saves the unknown sender as a contact.
        await anna.GetByTestId("unknown-add").ClickAsync();
        await anna.GetByRole(AriaRole.Dialog).GetByLabel("Name").FillAsync("Piet Pieters");
        await anna.GetByTestId("contact-save").ClickAsync();
        await Assertions.Expect(anna.GetByTestId("conversation-contact")).ToHaveTextAsync("Piet Pieters");
        await Assertions.Expect(anna.GetByTestId("unknown-contact-bar")).ToHaveCountAsync(0);
        await Assertions.Expect(annaItem.GetByTestId("inbox-contact")).ToHaveTextAsync("Piet Pieters");

        // Anna transfers it to Bob by his extension number.
        await anna.GetByTestId("conversation-menu").ClickAsync();
        await anna.GetByTestId("menu-transfer").ClickAsync();
        await anna.GetByRole(AriaRole.Dialog).GetByLabel("Agent name or extension").FillAsync((await app.World.ProfileAsync(bobUser)).Extension);
        await anna.GetByTestId("transfer-option").Filter(new() { HasText = "Bob Smith" }).ClickAsync();
        await anna.GetByRole(AriaRole.Dialog).GetByLabel("Note for the colleague (optional)").FillAsync("Customer waits for the parcel status");
        await anna.GetByTestId("transfer-confirm").ClickAsync();
        await Assertions.Expect(annaItem).ToHaveCountAsync(0);
        await Assertions.Expect(anna.GetByTestId("no-selection")).ToBeVisibleAsync();
        var notice = bob.Locator(".mud-snackbar").Filter(new() { HasText = "transferred the conversation with Piet Pieters to you" });
        await Assertions.Expect(notice).ToContainTextAsync("Customer waits for the parcel status");
        await Assertions.Expect(bobItem).ToBeVisibleAsync();

        // Bob opens it from the notification, handles it and marks it dealt with; it leaves Recent and shows in the archive.
        await notice.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(notice).ToHaveCountAsync(0);
        await Assertions.Expect(bob.GetByTestId("thread-event").Filter(new() { HasText = "transferred it to Bob Smith" })).ToBeVisibleAsync();
        await bob.GetByTestId("conversation-menu").ClickAsync();
        await bob.GetByTestId("menu-dealt-with").ClickAsync();
        await Assertions.Expect(bobItem).ToHaveCountAsync(0);
        await bob.GetByTestId("inbox-menu").ClickAsync();
        await bob.GetByTestId("open-archive").ClickAsync();
        var archiveRow = bob.GetByTestId("archive-table").Locator("tr").Filter(new() { HasText = "Piet Pieters" });
        await Assertions.Expect(archiveRow.GetByTestId("archive-status")).ToHaveTextAsync("Dealt with");
        await bob.ScreenshotAsync(new() { Path = Browsing.Screenshot("archive") });

        // Unarchive brings it back to Recent.
        await archiveRow.GetByTestId("archive-row-menu").ClickAsync();
        await bob.GetByTestId("archive-unarchive").ClickAsync();
        await Assertions.Expect(archiveRow).ToHaveCountAsync(0);
        await Browsing.GoAsync(bob, app.BaseUrl);
        await Assertions.Expect(bobItem).ToBeVisibleAsync();

        // Archive it again and delete it from the archive, confirming the question.
        await bobItem.ClickAsync();
        await bob.GetByTestId("conversation-menu").ClickAsync();
        await bob.GetByTestId("menu-archive").ClickAsync();
        await Assertions.Expect(bobItem).ToHaveCountAsync(0);
        await Browsing.GoAsync(bob, $"{app.BaseUrl}/archive");
        await archiveRow.GetByTestId("archive-row-menu").ClickAsync();
        await bob.GetByTestId("archive-delete").ClickAsync();
        await bob.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(archiveRow).ToHaveCountAsync(0);
        await Assertions.Expect(bob.GetByTestId("archive-empty")).ToBeVisibleAsync();
    }

    private static ILocator InboxItem(IPage page, long conversationId) =>
        page.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']");
}
