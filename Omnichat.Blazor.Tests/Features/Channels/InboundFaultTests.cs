using System.Net;
using Bunit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Twilio;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

/// <summary>What a customer or provider sends can fail to process, but never stops the console or the messages behind it.</summary>
public sealed class InboundFaultTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Media_from_a_server_that_never_answers_is_refused_with_the_reason_and_later_messages_still_arrive()
    {
        // Accepts the connection, then says nothing.
        var (silent, silentUrl) = await LoopbackServer.StartAsync(app => app.MapGet("/{**path}", (HttpContext context) => Task.Delay(Timeout.Infinite, context.RequestAborted)));
        await using var _ = silent;
        await using var factory = new OmnichatAppFactory { Settings = { ["Omnichat:Twilio:ApiBaseUrl"] = silentUrl, ["Omnichat:Twilio:TimeoutSeconds"] = "1" } };
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: Token, simulated: false);
        var url = $"http://localhost/webhooks/twilio/{account.Key}";
        using var client = factory.CreateClient();

        var mms = TwilioTestKit.IncomingSms("+31655555555", "");
        mms["NumMedia"] = "1";
        (mms["MediaUrl0"], mms["MediaContentType0"]) = ($"{silentUrl}/2010-04-01/Accounts/{account.ProviderAccountId}/Messages/MM1/Media/ME1", "image/png");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TwilioTestKit.Signed(url, mms, Token))).StatusCode);
        var later = TwilioTestKit.IncomingSms("+31655555556", "Is anyone there?");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TwilioTestKit.Signed(url, later, Token))).StatusCode);

        // The background worker runs as in production; wait for what it commits.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RefusedFile? refused = null;
        bool laterArrived = false;
        while ((refused is null || !laterArrived) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await using var db = await world.CreateDbAsync();
            laterArrived = await db.Messages.AnyAsync(m => m.ProviderMessageId == later["MessageSid"]);
            refused = await db.RefusedFiles.Join(db.Messages.Where(m => m.ProviderMessageId == mms["MessageSid"]), f => f.MessageId, m => m.Id, (f, _) => f).SingleOrDefaultAsync();
        }

        Assert.True(laterArrived);
        Assert.Equal("media-1.png could not be downloaded within 1 seconds", refused?.Reason);
        Assert.False(factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_set_aside_after_its_tries_and_an_admin_retries_it_from_failed_events()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var parser = new BreakableParser();
        await using var factory = new OmnichatAppFactory
        {
            Clock = clock,
            RunBackgroundWorkers = false,
            ReplaceServices = services =>
            {
                services.RemoveAll<IInboundParser>();
                services.AddSingleton<IInboundParser>(sp => parser.Wrapping(ActivatorUtilities.CreateInstance<TwilioInboundParser>(sp)));
            },
        };
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: Token);
        var sms = TwilioTestKit.IncomingSms("+31666666666", "My order?");
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TwilioTestKit.Signed($"http://localhost/webhooks/twilio/{account.Key}", sms, Token))).StatusCode);

        parser.Broken = true;
        for (var attempt = 1; attempt <= InboundProcessor.MaxAttempts; attempt++)
        {
            await world.ProcessInboundAsync();
            clock.Advance(InboundProcessor.Backoff(attempt) + TimeSpan.FromSeconds(1));
        }
        await world.ProcessInboundAsync();

        await using (var db = await world.CreateDbAsync())
        {
            var stored = await db.InboundEvents.SingleAsync(e => e.ProviderMessageId == sms["MessageSid"]);
            Assert.Equal((InboundProcessor.MaxAttempts, true, "The parser is broken."), (stored.Attempts, stored.DeadLetteredAt is not null, stored.LastError));
            Assert.False(await db.Messages.AnyAsync(m => m.ProviderMessageId == sms["MessageSid"]));
        }

        await using var ctx = new BunitContext();
        TestLocalization.English();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<FailedEvents>());
        ctx.Services.AddScoped(_ => new Omnichat.Blazor.Features.Users.UserClock(TimeProvider.System));
        ctx.Render<MudSnackbarProvider>();
        var page = ctx.Render<FailedEventsPage>();
        await page.WaitForAssertionAsync(() => Assert.Equal("The parser is broken.", page.Find("[data-testid=failed-event-error]").TextContent));

        parser.Broken = false;
        page.Find("[data-testid=retry-event]").Click();
        await page.WaitForAssertionAsync(() => Assert.Empty(page.FindAll("[data-testid=failed-event-error]")));
        await world.ProcessInboundAsync();

        await using var check = await world.CreateDbAsync();
        Assert.Equal("My order?", (await check.Messages.SingleAsync(m => m.ProviderMessageId == sms["MessageSid"])).Body);
    }

    /// <summary>The channel's real parser, failing on demand as a bug or a bad payload would.</summary>
    private sealed class BreakableParser
    {
        public bool Broken { get; set; }

        public IInboundParser Wrapping(IInboundParser inner) => new Parser(this, inner);

        private sealed class Parser(BreakableParser owner, IInboundParser inner) : IInboundParser
        {
            public bool Handles(ChannelAccount account) => inner.Handles(account);

            public InboundItem Parse(KnownChannel channel, InboundEvent stored) =>
                owner.Broken ? throw new InvalidOperationException("The parser is broken.") : inner.Parse(channel, stored);

            public Task FetchMediaAsync(KnownChannel channel, InboundEvent stored, InboundResult received, CancellationToken ct) =>
                inner.FetchMediaAsync(channel, stored, received, ct);
        }
    }
}
