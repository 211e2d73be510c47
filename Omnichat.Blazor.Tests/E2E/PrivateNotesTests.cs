using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>Anna asks Bob, who works another queue, about her customer in a private note; he is told and reads along, read-only.</summary>
[Collection(E2ECollection.Name)]
public sealed class PrivateNotesTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_agent_mentions_a_colleague_in_a_note_who_is_notified_and_opens_the_conversation_read_only()
    {
        var annaUser = await app.World.UserAsync(name: "Anna Jansen");
        var bobUser = await app.World.UserAsync(name: "Bob Bakker");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, annaUser);
        await app.World.ChannelForAsync(AssignmentStrategy.All, bobUser);
        var id = (await app.World.CustomerWritesAsync(channel, "+31644444444", "The blender I bought is broken")).ConversationId;
        Assert.Equal(Outcome.Done, await app.World.Lifecycle.ClaimAsync(id, annaUser));
        var (bobContext, bob) = await Browsing.SignInAsync(browser.Browser, app, bobUser, initScript: SettingsAndNotificationsTests.BrowserHooks);
        await using var _ = bobContext;
        var (annaContext, anna) = await Browsing.SignInAsync(browser.Browser, app, annaUser);
        await using var __ = annaContext;
        await Browsing.GoAsync(anna, $"{app.BaseUrl}/conversations/{id}");

        // Anna switches to a private note and picks Bob from the "@" suggestions with the keyboard.
        await anna.GetByTestId("composer-mode-note").ClickAsync();
        var note = anna.GetByTestId("note-input");
        // The note field takes the focus once Enter sends (its script attached).
        await Expect(note).ToBeFocusedAsync();
        await note.FillAsync("Refund or repair? ");
        await note.PressSequentiallyAsync("@Bo");
        await Expect(anna.GetByTestId("mention-suggestion").Filter(new() { HasText = "Bob Bakker" })).ToBeVisibleAsync();
        await anna.ScreenshotAsync(new() { Path = Browsing.Screenshot("note-mention-suggestions") });
        await note.PressAsync("Enter");
        await Expect(note).ToHaveValueAsync("Refund or repair? @Bob Bakker ");
        await note.PressSequentiallyAsync("please decide");
        await note.PressAsync("Enter");

        var added = anna.GetByTestId("thread-note").Filter(new() { HasText = "please decide" });
        await Expect(added).ToContainTextAsync("Private note");
        await Expect(added.GetByTestId("note-mentions")).ToHaveTextAsync("@Bob Bakker");
        await Expect(note).ToHaveValueAsync("");
        await anna.ScreenshotAsync(new() { Path = Browsing.Screenshot("note-in-thread") });
        // Stored as a note with Bob's mention, and nothing queued for the customer.
        await using (var db = await app.World.CreateDbAsync())
        {
            var stored = await db.Messages.SingleAsync(m => m.ConversationId == id && m.Direction == MessageDirection.Note);
            Assert.Equal("Refund or repair? @Bob Bakker please decide", stored.Body);
            Assert.Equal([bobUser.UserId], await db.NoteMentions.Where(m => m.NoteId == stored.Id).Select(m => m.UserId).ToListAsync());
            Assert.False(await db.Outbox.AnyAsync(e => e.Message!.ConversationId == id));
        }

        // Bob is told in the console, with the sound of his settings, and opens the conversation from the notice.
        var notice = bob.Locator(".mud-snackbar").Filter(new() { HasText = "Anna Jansen mentioned you in the chat with +31644444444" });
        await Expect(notice).ToContainTextAsync("please decide");
        await bob.WaitForFunctionAsync("() => window.__sounds.length === 1");
        await notice.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(bob).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{id}$"));
        await Expect(bob.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(bob.GetByTestId("thread-message").Filter(new() { HasText = "The blender I bought is broken" })).ToBeVisibleAsync();
        await Expect(bob.GetByTestId("thread-note").Filter(new() { HasText = "please decide" })).ToBeVisibleAsync();
        // Read-only: nothing to write with, nothing to take.
        await Expect(bob.GetByTestId("composer")).ToHaveCountAsync(0);
        await Expect(bob.GetByTestId("note-composer")).ToHaveCountAsync(0);
        await Expect(bob.GetByTestId("take-ownership")).ToHaveCountAsync(0);
        await bob.ScreenshotAsync(new() { Path = Browsing.Screenshot("note-mentioned-read-only") });
    }
}
