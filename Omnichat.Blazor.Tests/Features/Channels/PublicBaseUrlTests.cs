using System.Collections.Concurrent;
using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.E2E;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

/// <summary>Without Omnichat:PublicBaseUrl, signatures are checked against the address this process sees: the admin is warned, and the logs show it.</summary>
public sealed class PublicBaseUrlTests
{
    private const string Token = "public-base-token-0123456789abcdef";

    [Fact]
    public async Task The_channels_page_warns_while_channels_exist_and_no_public_base_url_is_set()
    {
        await using var app = new LiveApp();
        await app.InitializeAsync();
        var admin = await app.World.UserAsync(Roles.Admin);
        using var ctx = AppComponentContext.For(app.Factory, admin);

        var empty = ctx.Render<ChannelsPage>();
        await empty.WaitForAssertionAsync(() => Assert.NotNull(empty.Find("[data-testid=channels-table]")));
        Assert.Empty(empty.FindAll("[data-testid=no-public-base-url]"));

        await app.World.TwilioAccountAsync(await app.World.QueueAsync(AssignmentStrategy.All, [admin]), simulated: false);
        var page = ctx.Render<ChannelsPage>();

        await page.WaitForAssertionAsync(() => Assert.Contains($"Omnichat:PublicBaseUrl is not set, so the addresses below use {app.BaseUrl}, the address this server sees.",
            page.Find("[data-testid=no-public-base-url]").TextContent));
    }

    [Fact]
    public async Task The_channels_page_shows_no_warning_once_the_public_base_url_is_set()
    {
        await using var factory = new OmnichatAppFactory { RunBackgroundWorkers = false, Settings = { ["Omnichat:PublicBaseUrl"] = "https://support.example.com" } };
        var world = new TestWorld(factory.Services);
        var admin = await world.UserAsync(Roles.Admin);
        await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [admin]), simulated: false);
        using var ctx = AppComponentContext.For(factory, admin);

        var page = ctx.Render<ChannelsPage>();

        await page.WaitForAssertionAsync(() => Assert.Contains("https://support.example.com/webhooks/twilio/", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=no-public-base-url]"));
    }

    [Fact]
    public async Task A_refused_webhook_logs_the_address_it_was_checked_against_once_a_minute_per_channel()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        await using var factory = new OmnichatAppFactory
        {
            Clock = clock,
            RunBackgroundWorkers = false,
            ReplaceServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: Token, simulated: false);
        using var client = factory.CreateClient();
        // Twilio signs the address it calls: the proxy's, which this process never sees.
        Task<HttpResponseMessage> PostAsync() => client.SendAsync(TwilioTestKit.Signed($"/webhooks/twilio/{account.Key}",
            TwilioTestKit.IncomingSms(TestWorld.NewPhone(), "Hello"), Token, $"https://support.example.com/webhooks/twilio/{account.Key}"));

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync()).StatusCode);
        var logged = Assert.Single(logs.Warnings);
        Assert.Contains($"http://localhost/webhooks/twilio/{account.Key}", logged);
        Assert.Contains("Omnichat:PublicBaseUrl", logged);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync()).StatusCode);
        Assert.Equal(2, logs.Warnings.Count);
    }

    /// <summary>The console's warnings from the webhook intake, as written.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(WebhookIntake).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) Warnings.Enqueue(formatter(state, exception));
        }

        public void Dispose() { }
    }
}
