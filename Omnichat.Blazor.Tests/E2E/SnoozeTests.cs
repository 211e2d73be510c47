using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>An agent in Tokyo snoozes a chat for an hour, sees the time on her own clock, and sees the chat come back when the hour is up.</summary>
[Collection(E2ECollection.Name)]
public sealed class SnoozeTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private readonly BrowserFixture browser;
    private readonly ShiftedClock clock = new();
    private readonly LiveApp app;

    public SnoozeTests(BrowserFixture browser)
    {
        this.browser = browser;
        app = new LiveApp(replaceServices: services => services.AddSingleton<TimeProvider>(clock));
    }

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_agent_snoozes_a_chat_for_an_hour_and_sees_it_come_back()
    {
        var anna = await app.World.UserAsync(name: "Anna de Vries");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await app.World.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Can you call me back after lunch?");
        var id = chat.ConversationId;
        Assert.Equal(Outcome.Done, (await app.World.Lifecycle.ReplyAsync(id, anna, "Sure, I'll get back to you")).Outcome);
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, anna,
            new() { ViewportSize = new() { Width = 1280, Height = 800 }, TimezoneId = "Asia/Tokyo", Locale = "en-US" });
        await using var _ = context;
        var row = page.Locator($"[data-testid=inbox-item][data-conversation-id='{id}']");
        await Expect(row).ToHaveCountAsync(1);
        await row.ClickAsync();

        await page.GetByTestId("action-snooze").ClickAsync();
        await page.GetByTestId("snooze-1h").ClickAsync();

        var waiting = page.GetByTestId("conversation-waiting");
        await Expect(waiting).ToHaveAttributeAsync("data-waiting", "Snoozed");
        var snoozed = await app.World.LoadAsync(id);
        Assert.Equal(WaitingState.Snoozed, snoozed.Waiting);
        var until = snoozed.SnoozedUntil!.Value;
        Assert.InRange(until - clock.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(58), TimeSpan.FromHours(1));
        // Shown on Anna's clock in Tokyo, whatever the server's time zone.
        await Expect(waiting).ToContainTextAsync(TimeZoneInfo.ConvertTimeFromUtc(until, Tokyo).ToString("h:mm"));
        // The header says snoozed, not "Open" beside it.
        await Expect(page.GetByTestId("conversation-owner")).Not.ToContainTextAsync("Open");
        // Out of the Open list she works from, into Snoozed.
        await Expect(row).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("snooze-set") });

        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.World.Bus.Subscribe(change =>
        {
            if (change.ConversationId == id && change.Change == ConversationChange.SnoozeEnded) back.TrySetResult();
        });
        // The hour passes. The worker sleeps on a real timer, so it is woken as when the system clock is set.
        clock.Advance(TimeSpan.FromMinutes(61));
        app.Factory.Services.GetRequiredService<SnoozeAlarm>().Rearm();
        await back.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var woken = await app.World.LoadAsync(id);
        Assert.Equal((ConversationStatus.Open, WaitingState.None), (woken.Status, woken.Waiting));
        Assert.Contains(woken.Events, e => e.Kind == ConversationEventKind.SnoozeEnded);
        // Live, without a reload: back in her Open list, the header no longer snoozed, the audit line in the thread.
        await Expect(row).ToHaveCountAsync(1);
        await Expect(waiting).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("conversation-owner")).ToContainTextAsync("Open");
        await Expect(page.Locator("[data-testid=thread-event][data-kind=SnoozeEnded]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("snooze-ended") });
    }
}
