using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>An admin finds the provider message the console gave up on, and queues it again.</summary>
[Collection(E2ECollection.Name)]
public sealed class FailedEventsTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_admin_sees_why_a_webhook_was_set_aside_and_retries_it()
    {
        var admin = await app.World.UserAsync(Roles.Admin, name: "Ada Admin");
        var account = await app.World.TwilioAccountAsync(await app.World.QueueAsync(AssignmentStrategy.All, [admin]), authToken: Token);
        // Signed by Twilio, but without a sender: it cannot become a message.
        var fields = TwilioTestKit.IncomingSms("+31677777777", "Where is my parcel?");
        fields.Remove("From");
        var url = $"{app.BaseUrl}/webhooks/twilio/{account.Key}";
        using (var http = new HttpClient())
            Assert.True((await http.SendAsync(TwilioTestKit.Signed(url, fields, Token))).IsSuccessStatusCode);

        // It has failed before: the next failure is its last try.
        await using (var db = await app.World.CreateDbAsync())
            await db.InboundEvents.Where(e => e.ProviderMessageId == fields["MessageSid"])
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, InboundProcessor.MaxAttempts - 1).SetProperty(e => e.NextAttemptAt, DateTime.UtcNow));
        await WaitForEventAsync(fields["MessageSid"], e => e.DeadLetteredAt != null);

        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, admin);
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Failed events" }).ClickAsync();
        await Expect(page.GetByTestId("failed-event-error")).ToHaveTextAsync("The webhook has no From.");
        await Expect(page.GetByTestId("failed-events-table")).ToContainTextAsync("Where is my parcel?");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("failed-events") });

        await page.GetByTestId("retry-event").ClickAsync();
        await Expect(page.GetByText("The event is queued again.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("failed-event-error")).ToHaveCountAsync(0);
        // Queued again with a fresh set of tries, as the notice says.
        await WaitForEventAsync(fields["MessageSid"], e => e.DeadLetteredAt == null && e.Attempts < InboundProcessor.MaxAttempts);
    }

    private async Task WaitForEventAsync(string providerId, Func<InboundEvent, bool> state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = await app.World.CreateDbAsync();
            var stored = await db.InboundEvents.AsNoTracking().SingleAsync(e => e.ProviderMessageId == providerId);
            if (state(stored)) return;
            Assert.True(DateTime.UtcNow < deadline, $"The event stayed at {stored.Attempts} tries, set aside: {stored.DeadLetteredAt is not null}.");
            await Task.Delay(100);
        }
    }
}
