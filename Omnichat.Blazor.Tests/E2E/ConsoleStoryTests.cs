using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>
/// The real app on Kestrel with its own SQLite file, two agents (Anna 101, Bob 102) in an "All" queue with an SMS channel,
/// and one headless chromium. Self-contained until the shared E2E fixture replaces it.
/// </summary>
public sealed class ConsoleStoryFixture : IAsyncLifetime
{
    public const string Password = "Story-pass1!";
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), $"omnichat-console-e2e-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program> factory = default!;

    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => factory.Services;
    public IBrowser Browser { get; private set; } = default!;
    public int SmsChannelId { get; private set; }
    private IPlaywright playwright = default!;

    public async Task InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Omnichat:DataDirectory", dataDirectory);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using (var scope = Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            await Created(accounts.CreateAsync(new NewUser("Story Admin", "admin@story.test", Roles.Admin, "100", Password)));
            await Created(accounts.CreateAsync(new NewUser("Anna de Vries", "anna@story.test", Roles.Agent, "101", Password)));
            await Created(accounts.CreateAsync(new NewUser("Bob Smith", "bob@story.test", Roles.Agent, "102", Password)));
            var ids = (await accounts.ListAsync()).ToDictionary(u => u.Email, u => u.Id);

            var queues = Services.GetRequiredService<QueueAdmin>();
            var queue = (await queues.CreateAsync(new QueueSettings("Support", AssignmentStrategy.All))).Queue!;
            await queues.SetMembersAsync(queue.Id, [ids["anna@story.test"], ids["bob@story.test"]]);
            var (channel, error) = await Services.GetRequiredService<ChannelAdmin>()
                .CreateAsync(new ChannelSettings(ChannelKind.Sms, "sms-story", "SMS", "+3120000000", queue.Id));
            SmsChannelId = channel?.Id ?? throw new InvalidOperationException(error);
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OMNICHAT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> SignInAsync(string email)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1366, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.Locator("[id='Input.Email']").FillAsync(email);
        await page.Locator("[id='Input.Password']").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(email);
        await WaitUntilLiveAsync(page);
        return page;
    }

    /// <summary>Opens a page and waits for its live circuit, so clicks never land on the prerendered copy.</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitUntilLiveAsync(page);
    }

    private static Task WaitUntilLiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-testid=availability][data-online=true]")).ToBeVisibleAsync();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await factory.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a leftover temp folder is harmless.
        }
    }

    private static async Task Created(Task<IReadOnlyList<string>> creating)
    {
        var errors = await creating;
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(" ", errors));
    }
}

[Collection("E2E")]
public sealed class ConsoleStoryTests(ConsoleStoryFixture app) : IClassFixture<ConsoleStoryFixture>
{
    private static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task Two_agents_claim_transfer_close_and_clean_up_a_customer_chat()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(ScreenshotDirectory);
        var anna = await app.SignInAsync("anna@story.test");
        var bob = await app.SignInAsync("bob@story.test");
        await Assertions.Expect(anna.GetByTestId("inbox-empty")).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByTestId("inbox-empty")).ToBeVisibleAsync();

        // A customer writes; both agents of the "All" queue see it live.
        var lifecycle = app.Services.GetRequiredService<ConversationLifecycle>();
        var received = await lifecycle.ReceiveAsync(new InboundMessage(app.SmsChannelId, IdentityKind.Phone, "+31611112222", null, "Hello, my parcel never arrived."));
        var annaItem = InboxItem(anna, received.ConversationId);
        var bobItem = InboxItem(bob, received.ConversationId);
        await Assertions.Expect(annaItem).ToContainTextAsync("my parcel never arrived");
        await Assertions.Expect(bobItem).ToContainTextAsync("my parcel never arrived");
        await Assertions.Expect(bobItem.GetByTestId("inbox-unread")).ToHaveTextAsync("1");
        await Assertions.Expect(annaItem.GetByTestId("channel-icon")).ToHaveAttributeAsync("data-channel", "Sms");
        await anna.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "inbox.png") });

        // Both open it; Bob starts typing, Anna answers first.
        await annaItem.ClickAsync();
        await bobItem.ClickAsync();
        await Assertions.Expect(anna.GetByTestId("unknown-contact-bar")).ToBeVisibleAsync();
        const string bobDraft = "Let me look that up for y";
        await bob.GetByTestId("composer").Locator("textarea").First.FillAsync(bobDraft);
        var annaComposer = anna.GetByTestId("composer").Locator("textarea").First;
        await annaComposer.FillAsync("Sorry to hear that! Checking now.");
        await annaComposer.PressAsync("Enter");
        await Assertions.Expect(anna.GetByTestId("thread-message").Filter(new() { HasText = "Checking now." })).ToBeVisibleAsync();
        await Assertions.Expect(annaComposer).ToHaveValueAsync("");
        await Assertions.Expect(anna.GetByTestId("conversation-owner")).ToContainTextAsync("Anna de Vries");
        await anna.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "conversation.png") });

        // Bob loses it live: the view and the inbox row disappear, he is told why and keeps his draft.
        await Assertions.Expect(bob.GetByTestId("conversation-lost")).ToContainTextAsync("Anna de Vries");
        await Assertions.Expect(bob.GetByTestId("conversation-lost").Locator("textarea")).ToHaveValueAsync(bobDraft);
        await Assertions.Expect(bob.GetByTestId("conversation-header")).ToHaveCountAsync(0);
        await Assertions.Expect(bobItem).ToHaveCountAsync(0);
        await bob.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "conversation-lost.png") });

        // Anna saves the unknown sender as a contact.
        await anna.GetByTestId("unknown-add").ClickAsync();
        await anna.GetByRole(AriaRole.Dialog).GetByLabel("Name").FillAsync("Piet Pieters");
        await anna.GetByTestId("contact-save").ClickAsync();
        await Assertions.Expect(anna.GetByTestId("conversation-contact")).ToHaveTextAsync("Piet Pieters");
        await Assertions.Expect(anna.GetByTestId("unknown-contact-bar")).ToHaveCountAsync(0);
        await Assertions.Expect(annaItem.GetByTestId("inbox-contact")).ToHaveTextAsync("Piet Pieters");

        // Anna transfers it to Bob by his extension number.
        await anna.GetByTestId("conversation-menu").ClickAsync();
        await anna.GetByTestId("menu-transfer").ClickAsync();
        await anna.GetByRole(AriaRole.Dialog).GetByLabel("Agent name or extension").FillAsync("102");
        await anna.GetByTestId("transfer-option").Filter(new() { HasText = "Bob Smith" }).ClickAsync();
        await anna.GetByRole(AriaRole.Dialog).GetByLabel("Note for the colleague (optional)").FillAsync("Customer waits for the parcel status");
        await anna.GetByTestId("transfer-confirm").ClickAsync();
        await Assertions.Expect(annaItem).ToHaveCountAsync(0);
        await Assertions.Expect(anna.GetByTestId("no-selection")).ToBeVisibleAsync();
        var notice = bob.Locator(".mud-snackbar").Filter(new() { HasText = "transferred the conversation with Piet Pieters to you" });
        await Assertions.Expect(notice).ToContainTextAsync("Customer waits for the parcel status");
        await Assertions.Expect(bobItem).ToBeVisibleAsync();

        // Bob opens it from the notification, handles it and marks it dealt with; it leaves Recent and shows in the archive.
        await notice.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(notice).ToHaveCountAsync(0);
        await Assertions.Expect(bob.GetByTestId("thread-event").Filter(new() { HasText = "transferred it to Bob Smith" })).ToBeVisibleAsync();
        await bob.GetByTestId("conversation-menu").ClickAsync();
        await bob.GetByTestId("menu-dealt-with").ClickAsync();
        await Assertions.Expect(bobItem).ToHaveCountAsync(0);
        await bob.GetByTestId("inbox-menu").ClickAsync();
        await bob.GetByTestId("open-archive").ClickAsync();
        var archiveRow = bob.GetByTestId("archive-table").Locator("tr").Filter(new() { HasText = "Piet Pieters" });
        await Assertions.Expect(archiveRow.GetByTestId("archive-status")).ToHaveTextAsync("Dealt with");
        await bob.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "archive.png") });

        // Unarchive brings it back to Recent.
        await archiveRow.GetByTestId("archive-row-menu").ClickAsync();
        await bob.GetByTestId("archive-unarchive").ClickAsync();
        await Assertions.Expect(archiveRow).ToHaveCountAsync(0);
        await ConsoleStoryFixture.GoAsync(bob, "/");
        await Assertions.Expect(bobItem).ToBeVisibleAsync();

        // Archive it again and delete it from the archive, confirming the question.
        await bobItem.ClickAsync();
        await bob.GetByTestId("conversation-menu").ClickAsync();
        await bob.GetByTestId("menu-archive").ClickAsync();
        await Assertions.Expect(bobItem).ToHaveCountAsync(0);
        await ConsoleStoryFixture.GoAsync(bob, "/archive");
        await archiveRow.GetByTestId("archive-row-menu").ClickAsync();
        await bob.GetByTestId("archive-delete").ClickAsync();
        await bob.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(archiveRow).ToHaveCountAsync(0);
        await Assertions.Expect(bob.GetByTestId("archive-empty")).ToBeVisibleAsync();
    }

    private static ILocator InboxItem(IPage page, long conversationId) =>
        page.Locator($"[data-testid='inbox-item'][data-conversation-id='{conversationId}']");
}
