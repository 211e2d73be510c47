using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>Anna labels a customer's chat from its header and with "/label"; Bob, in the same queue, sees the chips on his inbox row live.</summary>
[Collection(E2ECollection.Name)]
public sealed class LabelsTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_agent_labels_a_chat_and_a_colleagues_console_shows_the_chips_live()
    {
        var labels = app.Factory.Services.GetRequiredService<LabelAdmin>();
        Assert.Null(await labels.CreateAsync("VIP", "purple"));
        Assert.Null(await labels.CreateAsync("Billing", "teal"));
        var annaUser = await app.World.UserAsync(name: "Anna Jansen");
        var bobUser = await app.World.UserAsync(name: "Bob Bakker");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, annaUser, bobUser);
        var id = (await app.World.CustomerWritesAsync(channel, TestWorld.NewPhone(), "My invoice is wrong")).ConversationId;
        var (annaContext, anna) = await Browsing.SignInAsync(browser.Browser, app, annaUser);
        var (bobContext, bob) = await Browsing.SignInAsync(browser.Browser, app, bobUser);
        await using var _ = annaContext;
        await using var __ = bobContext;
        var bobRow = bob.Locator($"[data-testid='inbox-item'][data-conversation-id='{id}']");
        await Expect(bobRow).ToBeVisibleAsync();
        await Browsing.GoAsync(anna, $"{app.BaseUrl}/conversations/{id}");
        await Expect(anna.GetByTestId("thread-message").Filter(new() { HasText = "invoice" })).ToBeVisibleAsync();

        // From the header menu.
        await anna.GetByTestId("label-add").ClickAsync();
        await anna.Locator("[data-testid=label-option][data-label=VIP]").ClickAsync();
        await Expect(Chip(anna.GetByTestId("conversation-labels"), "conversation-label", "VIP")).ToBeVisibleAsync();
        Assert.Equal(["VIP"], await LabelsInDatabaseAsync(id));
        await Expect(Chip(bobRow, "label-chip", "VIP")).ToBeVisibleAsync();

        // With the composer command: an unknown label is explained and nothing goes to the customer. The label menu has
        // closed first (it would take the focus back).
        await Browsing.MenusClosedAsync(anna);
        var composer = await Browsing.ComposerAsync(anna);
        await composer.FillAsync("/label Refund");
        await composer.PressAsync("Enter");
        await Expect(anna.GetByTestId("composer")).ToContainTextAsync("There is no label “Refund”. Nothing was sent.");
        await Expect(composer).ToHaveValueAsync("/label Refund");
        await composer.FillAsync("/label billing");
        await composer.PressAsync("Enter");
        await Expect(Chip(anna.GetByTestId("conversation-labels"), "conversation-label", "Billing")).ToBeVisibleAsync();
        await Expect(composer).ToHaveValueAsync("");
        Assert.Equal(["Billing", "VIP"], await LabelsInDatabaseAsync(id));
        await Expect(Chip(bobRow, "label-chip", "Billing")).ToBeVisibleAsync();
        // Beside a queue chip longer than the row, the labels wrap onto a line of their own: inside the row and whole.
        var badges = (await bobRow.GetByTestId("inbox-badge").BoundingBoxAsync())!;
        foreach (var label in new[] { "VIP", "Billing" })
        {
            var chip = (await Chip(bobRow, "label-chip", label).BoundingBoxAsync())!;
            Assert.True(chip.X + chip.Width <= badges.X + badges.Width + 0.5, $"{label} ends at {chip.X + chip.Width}, the row at {badges.X + badges.Width}");
        }
        var cut = await bobRow.Locator("[data-testid=label-chip] .mud-chip-content")
            .EvaluateAllAsync<string[]>("chips => chips.filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)");
        Assert.Empty(cut);
        await bob.ScreenshotAsync(new() { Path = Browsing.Screenshot("labels-inbox-row") });
        await anna.ScreenshotAsync(new() { Path = Browsing.Screenshot("labels-conversation-header") });

        // Taken off from its chip: gone from Bob's row too, with the audit lines in the thread.
        await Chip(anna.GetByTestId("conversation-labels"), "conversation-label", "VIP").Locator(".mud-chip-close-button").ClickAsync();
        await Expect(Chip(anna.GetByTestId("conversation-labels"), "conversation-label", "VIP")).ToHaveCountAsync(0);
        Assert.Equal(["Billing"], await LabelsInDatabaseAsync(id));
        await Expect(Chip(bobRow, "label-chip", "VIP")).ToHaveCountAsync(0);
        await Expect(Chip(bobRow, "label-chip", "Billing")).ToBeVisibleAsync();
        await Expect(anna.Locator("[data-testid=thread-event][data-kind=LabelRemoved]")).ToContainTextAsync("Anna Jansen removed the label “VIP”");
        await using var db = await app.World.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == id));
    }

    private static ILocator Chip(ILocator within, string testId, string label) => within.Locator($"[data-testid={testId}][data-label='{label}']");

    private async Task<List<string>> LabelsInDatabaseAsync(long conversationId)
    {
        await using var db = await app.World.CreateDbAsync();
        return await db.ConversationLabels.Where(t => t.ConversationId == conversationId).Select(t => t.Label.Name).OrderBy(n => n).ToListAsync();
    }
}
