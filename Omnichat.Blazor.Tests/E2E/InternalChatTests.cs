using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Tests.Features.Files;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>Anna and Bob chat internally in their own browsers, live, with a template and a file; Carol, not in the chat, sees none of it.</summary>
[Collection(E2ECollection.Name)]
public sealed class InternalChatTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Two_colleagues_exchange_messages_and_a_file_live_and_a_third_sees_nothing_of_it()
    {
        var errors = await app.Factory.Services.GetRequiredService<TemplateService>().SaveAsync(new MessageTemplate
        {
            Name = "Colleague reply", Category = "Team", Language = "en", Body = "Hi {contact.name}, {agent.name} here.",
        });
        Assert.Empty(errors);
        var annaUser = await app.World.UserAsync(name: "Anna Jansen");
        var bobUser = await app.World.UserAsync(name: "Bob Bakker");
        var carolUser = await app.World.UserAsync(name: "Carol Claes");
        var (annaContext, anna) = await Browsing.SignInAsync(browser.Browser, app, annaUser);
        var (bobContext, bob) = await Browsing.SignInAsync(browser.Browser, app, bobUser);
        var (carolContext, carol) = await Browsing.SignInAsync(browser.Browser, app, carolUser);
        await using var _ = annaContext;
        await using var __ = bobContext;
        await using var ___ = carolContext;

        // Anna starts a chat with Bob, found by his extension.
        await anna.GetByTestId("new-chat").ClickAsync();
        var dialog = anna.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Colleague (name or extension)").FillAsync((await app.World.ProfileAsync(bobUser)).Extension);
        await anna.GetByTestId("colleague-option").Filter(new() { HasText = "Bob Bakker" }).ClickAsync();
        await Expect(dialog.GetByTestId("chosen-colleague")).ToHaveTextAsync("Bob Bakker");
        await anna.GetByTestId("new-chat-start").ClickAsync();
        await Expect(anna.GetByTestId("conversation-contact")).ToHaveTextAsync("Bob Bakker");
        long chatId;
        await using (var db = await app.World.CreateDbAsync())
            chatId = await db.Conversations.Where(c => c.DirectKey == Conversation.DirectKeyOf(annaUser.UserId, bobUser.UserId)).Select(c => c.Id).SingleAsync();
        await Expect(anna).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{chatId}$"));

        // Anna writes; Bob's console shows the chat live, without a channel icon, unread, and notifies him.
        var annaComposer = await Browsing.ComposerAsync(anna);
        await annaComposer.FillAsync("Can you cover my shift on Friday?");
        await annaComposer.PressAsync("Enter");
        await Expect(anna.GetByTestId("thread-message").Filter(new() { HasText = "cover my shift" })).ToBeVisibleAsync();
        var bobItem = InboxItem(bob, chatId);
        await Expect(bobItem.GetByTestId("inbox-contact")).ToHaveTextAsync("Anna Jansen");
        await Expect(bobItem.GetByTestId("inbox-unread")).ToHaveTextAsync("1");
        await Expect(bobItem.GetByTestId("channel-icon")).ToHaveCountAsync(0);
        await Expect(bob.Locator(".mud-snackbar").Filter(new() { HasText = "Message from Anna Jansen" })).ToBeVisibleAsync();
        await bob.ScreenshotAsync(new() { Path = Browsing.Screenshot("internal-chat-inbox") });

        // Bob opens it and answers with a template, which names the colleague he writes to; Anna sees him typing, then his answer.
        await bobItem.ClickAsync();
        await Expect(bob.GetByTestId("thread-message").Filter(new() { HasText = "cover my shift" })).ToBeVisibleAsync();
        await bob.GetByTestId("composer-templates").ClickAsync();
        await bob.GetByRole(AriaRole.Dialog).GetByTestId("template-search").FillAsync("Colleague reply");
        await bob.GetByRole(AriaRole.Dialog).GetByTestId("template-item").ClickAsync();
        var bobComposer = await Browsing.ComposerAsync(bob);
        await Expect(bobComposer).ToHaveValueAsync("Hi Anna Jansen, Bob Bakker here.");
        await bobComposer.FillAsync("Hi Anna Jansen, Bob Bakker here. Sure, I can do Friday");
        await Expect(anna.GetByTestId("typing-notice")).ToHaveTextAsync("Bob Bakker is typing…");
        await bobComposer.PressAsync("Enter");
        await Expect(anna.GetByTestId("thread-message").Filter(new() { HasText = "I can do Friday" })).ToContainTextAsync("Bob Bakker");
        await Expect(anna.GetByTestId("typing-notice")).ToHaveCountAsync(0);

        // Anna drops the rota (a PDF) onto the chat; it reaches Bob live and he can open it.
        var chip = await Browsing.DropFileAsync(anna, "rota.pdf", "application/pdf", FileSamples.Pdf());
        await Expect(chip.GetByTestId("composer-file-progress")).ToHaveCountAsync(0);
        await anna.GetByTestId("composer-send").ClickAsync();
        var bobLink = bob.GetByTestId("thread-message").GetByTestId("attachment-file").Filter(new() { HasText = "rota.pdf" });
        await Expect(bobLink).ToBeVisibleAsync();
        await bob.ScreenshotAsync(new() { Path = Browsing.Screenshot("internal-chat-thread") });
        var fileUrl = $"{app.BaseUrl}/{await bobLink.GetAttributeAsync("href")}";
        var download = await bobContext.APIRequest.GetAsync(fileUrl);
        Assert.Equal(200, download.Status);
        Assert.Equal("%PDF"u8.ToArray(), (await download.BodyAsync())[..4]);

        // Carol is not in the chat: her console lists nothing of it, the chat and the file do not exist for her.
        await Browsing.GoAsync(carol, app.BaseUrl);
        await Expect(carol.GetByTestId("inbox-empty")).ToBeVisibleAsync();
        await Expect(InboxItem(carol, chatId)).ToHaveCountAsync(0);
        await Browsing.GoAsync(carol, $"{app.BaseUrl}/conversations/{chatId}");
        await Expect(carol.GetByTestId("conversation-unavailable")).ToBeVisibleAsync();
        await Expect(carol.GetByTestId("thread-message")).ToHaveCountAsync(0);
        Assert.Equal(404, (await carolContext.APIRequest.GetAsync(fileUrl)).Status);
    }

    private static ILocator InboxItem(IPage page, long conversationId) =>
        page.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']");
}
