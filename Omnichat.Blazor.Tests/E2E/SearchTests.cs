using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>An agent finds a conversation by something said long ago in it, from the Recent list.</summary>
[Collection(E2ECollection.Name)]
public sealed class SearchTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Searching_the_Recent_list_opens_the_conversation_at_the_matching_message()
    {
        var agent = await app.World.UserAsync(name: "Anna de Vries");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agent);
        var found = await app.World.CustomerWritesAsync(channel, TestWorld.NewPhone(), "My order number is 5577, it never arrived");
        var id = found.ConversationId;
        // Enough later messages that the found one is far from the latest page.
        var start = (await app.World.LoadAsync(id)).Messages.Single().SentAt;
        await using (var db = await app.World.CreateDbAsync())
        {
            for (var i = 1; i <= 300; i++)
                db.Messages.Add(new Message { ConversationId = id, Direction = i % 2 == 0 ? MessageDirection.Inbound : MessageDirection.Outbound, Body = $"Follow-up {i}", SentAt = start.AddMilliseconds(i), State = DeliveryState.Received });
            await db.SaveChangesAsync();
        }
        await app.World.CustomerWritesAsync(channel, (await app.World.LoadAsync(id)).Contact!.Name, "Any news?");
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await using var _ = context;

        await page.GetByTestId("filter-search").FillAsync("5577");
        var result = page.GetByTestId("inbox-item").Filter(new() { Has = page.GetByTestId("search-mark").Filter(new() { HasText = "5577" }) });
        await Expect(result).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("search-recent-result") });
        await result.ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{id}\\?message={found.MessageId}$"));
        var message = page.Locator($"[data-testid=thread-message][data-message-id='{found.MessageId}']");
        await Expect(message).ToHaveAttributeAsync("data-focused", "true");
        await Expect(message).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("search-opened-at-message") });
        await Expect(page.GetByTestId("thread-message").Filter(new() { HasText = "Any news?" })).Not.ToBeInViewportAsync();
    }
}
