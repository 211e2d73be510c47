using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>Emma works in English, Daan in Dutch; live updates reach each console in its own user's language.</summary>
[Collection(E2ECollection.Name)]
public sealed class TwoLanguagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static readonly string[] EnglishOnly = ["Sign out", "Settings", "Archive", "Queue", "Channel", "Type a reply", "taken"];
    private static readonly string[] DutchOnly = ["Afmelden", "Instellingen", "Archief", "Wachtrij", "Kanaal", "Typ een antwoord", "overgenomen"];

    [Fact]
    public async Task A_Dutch_and_an_English_agent_each_see_only_their_own_language_after_the_other_acts()
    {
        var emmaUser = await app.World.UserAsync(name: "Emma Jones");
        var daanUser = await app.World.UserAsync(name: "Daan Bakker");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, emmaUser, daanUser);
        var (emmaContext, emma) = await Browsing.SignInAsync(browser.Browser, app, emmaUser);
        var (daanContext, daan) = await Browsing.SignInAsync(browser.Browser, app, daanUser);
        await using var _ = emmaContext;
        await using var __ = daanContext;
        // Daan picks Dutch in his settings (a form post), then goes back to the console.
        await daan.GotoAsync($"{app.BaseUrl}/settings/chat");
        await Browsing.WaitForCircuitAsync(daan);
        await daan.GetByTestId("setting-language").ClickAsync();
        await daan.GetByRole(AriaRole.Option, new() { Name = "Nederlands" }).ClickAsync();
        await Expect(daan.GetByRole(AriaRole.Button, new() { Name = "Afmelden" })).ToBeVisibleAsync();
        await Browsing.GoAsync(daan, $"{app.BaseUrl}/");
        var first = await app.World.CustomerWritesAsync(channel, "+31611110001", "Hello?");
        var second = await app.World.CustomerWritesAsync(channel, "+31611110002", "Hallo?");

        // Daan takes the chat both have open: Emma is told live, in English.
        await OpenAsync(emma, first.ConversationId);
        await OpenAsync(daan, first.ConversationId);
        await daan.GetByTestId("take-ownership").ClickAsync();
        await Expect(emma.GetByTestId("conversation-lost")).ToContainTextAsync("This chat was taken: Daan Bakker");
        await Expect(InboxItem(emma, first.ConversationId)).ToHaveCountAsync(0);
        await ExpectOnlyAsync(emma, EnglishOnly, DutchOnly);

        // Emma takes the other one: Daan is told live, in Dutch.
        await OpenAsync(daan, second.ConversationId);
        await OpenAsync(emma, second.ConversationId);
        await emma.GetByTestId("take-ownership").ClickAsync();
        await Expect(daan.GetByTestId("conversation-lost")).ToContainTextAsync("Deze chat is overgenomen: Emma Jones");
        await Expect(InboxItem(daan, second.ConversationId)).ToHaveCountAsync(0);
        await ExpectOnlyAsync(daan, DutchOnly, EnglishOnly);
    }

    private async Task OpenAsync(IPage page, long conversationId)
    {
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{conversationId}");
        await Expect(page.GetByTestId("conversation-header")).ToBeVisibleAsync();
    }

    private static async Task ExpectOnlyAsync(IPage page, string[] own, string[] other)
    {
        var text = await page.Locator("body").InnerTextAsync();
        Assert.All(other, word => Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(own, word => text.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    private static ILocator InboxItem(IPage page, long conversationId) =>
        page.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']");
}
