using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>"How did we do?" in the website widget, from the agent's "dealt with" to the score on the conversation.</summary>
[Collection(E2ECollection.Name)]
public class SatisfactionWidgetTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();
    private HostSite shop = null!;
    private ChannelAccount site = null!;
    private Viewer agent = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        shop = await HostSite.StartAsync(() => $"<script src=\"{app.BaseUrl}/widget.js\" data-site=\"{site.Key}\" async></script>");
        agent = await app.World.UserAsync(name: "Anna de Vries");
        var queue = await app.World.QueueAsync(AssignmentStrategy.All, [agent]);
        var services = app.Factory.Services;
        (site, _) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(ChannelKind.LiveChat, "shop", "Example shop", shop.Origin, queue));
        await services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = site.Id, AllowedOrigins = shop.Origin, AskName = false });
    }

    public async Task DisposeAsync()
    {
        await shop.DisposeAsync();
        await app.DisposeAsync();
    }

    private static ILocator Widget(IPage page) => page.Locator("[data-omnichat-widget]");

    private async Task<SatisfactionRating?> RatingAsync(long conversationId)
    {
        await using var db = await app.World.CreateDbAsync();
        return await db.SatisfactionRatings.AsNoTracking().SingleOrDefaultAsync(r => r.ConversationId == conversationId);
    }

    /// <summary>A visitor opens the shop's widget and writes; their browser, page and the chat it started.</summary>
    private async Task<(IBrowserContext Visitor, IPage Page, long ConversationId)> VisitorWritesAsync(string text)
    {
        var visitor = await browser.Browser.NewContextAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(shop.Origin);
        await Widget(page).Locator(".bubble").ClickAsync();
        await Widget(page).Locator("textarea").FillAsync(text);
        await Widget(page).Locator("textarea").PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.visitor")).ToHaveTextAsync(text);
        await using var db = await app.World.CreateDbAsync();
        return (visitor, page, await db.Conversations.Where(c => c.ChannelAccountId == site.Id).Select(c => c.Id).SingleAsync());
    }

    [Fact]
    public async Task The_visitor_rates_the_chat_the_agent_marked_dealt_with_and_the_agent_sees_the_score()
    {
        var (agentContext, console) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await using var _ = agentContext;
        var (visitorContext, page, conversationId) = await VisitorWritesAsync("My discount code does not work.");
        await using var __ = visitorContext;
        await console.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']").ClickAsync();
        var composer = await Browsing.ComposerAsync(console);
        await composer.FillAsync("Fixed, please try again.");
        await composer.PressAsync("Enter");
        await Expect(Widget(page).Locator(".msg.agent")).ToHaveTextAsync("Fixed, please try again.");
        await Expect(Widget(page).Locator(".survey")).ToBeHiddenAsync();

        // The agent marks it dealt with: the widget asks at once.
        await console.GetByTestId("conversation-menu").ClickAsync();
        await console.GetByTestId("menu-dealt-with").ClickAsync();
        var survey = Widget(page).Locator(".survey");
        await Expect(survey).ToBeVisibleAsync();
        await Expect(survey).ToContainTextAsync("How did we do?");
        var send = survey.GetByRole(AriaRole.Button, new() { Name = "Send rating" });
        await Expect(send).ToBeDisabledAsync();
        await survey.GetByRole(AriaRole.Button, new() { Name = "4 out of 5" }).ClickAsync();
        await Expect(survey.GetByRole(AriaRole.Button, new() { Name = "4 out of 5" })).ToHaveAttributeAsync("aria-pressed", "true");
        await survey.GetByLabel("Comment (optional)").FillAsync("Quick help, thanks!");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("widget-survey") });
        await send.ClickAsync();
        await Expect(Widget(page).Locator(".thanks")).ToHaveTextAsync("Thank you for your rating!");
        await Expect(survey).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("widget-rating") });

        var rating = await RatingAsync(conversationId);
        Assert.Equal((4, "Quick help, thanks!", ChannelKind.LiveChat), (rating!.Score, rating.Comment, rating.Channel));
        // Dealt with, it left the agent's Recent list; opened from the archive, it shows the score.
        await Browsing.GoAsync(console, $"{app.BaseUrl}/conversations/{conversationId}");
        var shown = console.GetByTestId("satisfaction");
        await Expect(shown).ToHaveAttributeAsync("data-score", "4");
        await Expect(shown).ToContainTextAsync("Quick help, thanks!");

        // After a reload the widget remembers it was rated and does not ask again.
        await page.ReloadAsync();
        await Widget(page).Locator(".bubble").ClickAsync();
        await Expect(Widget(page).Locator(".thanks")).ToBeVisibleAsync();
        await Expect(Widget(page).Locator(".survey")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_visitor_rates_a_chat_whose_session_the_agent_ended()
    {
        var (agentContext, console) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await using var _ = agentContext;
        var (visitorContext, page, conversationId) = await VisitorWritesAsync("Do you ship to Belgium?");
        await using var __ = visitorContext;
        await console.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']").ClickAsync();
        await console.GetByTestId("take-ownership").ClickAsync();
        await Expect(console.GetByTestId("conversation-owner")).ToContainTextAsync("Anna de Vries");

        await console.GetByTestId("conversation-menu").ClickAsync();
        await console.GetByTestId("menu-end-session").ClickAsync();
        await console.GetByTestId("confirm-yes").ClickAsync();
        await Expect(Widget(page).Locator("[data-ended]")).ToHaveTextAsync("This chat has ended.");
        var survey = Widget(page).Locator(".survey");
        await survey.GetByRole(AriaRole.Button, new() { Name = "2 out of 5" }).ClickAsync();
        await survey.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync();
        await Expect(Widget(page).Locator(".thanks")).ToBeVisibleAsync();

        Assert.Equal(2, (await RatingAsync(conversationId))!.Score);
        await Expect(console.GetByTestId("satisfaction")).ToHaveAttributeAsync("data-score", "2");
    }
}
