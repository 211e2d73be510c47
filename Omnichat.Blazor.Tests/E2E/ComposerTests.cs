using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Tests.Features.Files;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>An agent answers a customer with a template and with a file dropped onto the conversation.</summary>
[Collection(E2ECollection.Name)]
public sealed class ComposerTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>A signed-in agent with a customer's conversation open.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> OpenConversationAsync(string agentName)
    {
        var agent = await app.World.UserAsync(name: agentName);
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agent);
        var received = await app.World.CustomerWritesAsync(channel, Infrastructure.TestWorld.NewPhone(), "Can you help me with my order?");
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{received.ConversationId}");
        await Expect(page.GetByTestId("thread-message").Filter(new() { HasText = "my order" })).ToBeVisibleAsync();
        return (context, page);
    }

    [Fact]
    public async Task The_agent_picks_a_template_edits_it_and_sends_it()
    {
        var errors = await app.Factory.Services.GetRequiredService<TemplateService>().SaveAsync(new MessageTemplate
        {
            Name = "Order help", Category = "Orders", Language = "en", Body = "Hi, this is {agent.name}. I will look into your order right away.",
        });
        Assert.Empty(errors);
        var (context, page) = await OpenConversationAsync("Anna de Vries");
        await using var _ = context;

        await page.GetByTestId("composer-templates").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("template-search").FillAsync("order");
        await Expect(dialog.GetByTestId("template-item")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("composer-template-picker") });
        await dialog.GetByTestId("template-item").ClickAsync();

        var composer = await Browsing.ComposerAsync(page);
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(composer).ToHaveValueAsync("Hi, this is Anna de Vries. I will look into your order right away.");
        await composer.FillAsync("Hi, this is Anna de Vries. I will look into your order 4711 right away.");
        await composer.PressAsync("Enter");

        await Expect(page.GetByTestId("thread-message").Filter(new() { HasText = "your order 4711 right away" })).ToBeVisibleAsync();
        await Expect(composer).ToHaveValueAsync("");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("composer-template-sent") });
    }

    [Fact]
    public async Task The_agent_drops_a_PDF_onto_the_conversation_sends_it_and_can_open_it()
    {
        var (context, page) = await OpenConversationAsync("Bob Smith");
        await using var _ = context;

        var chip = await Browsing.DropFileAsync(page, "invoice.pdf", "application/pdf", FileSamples.Pdf());
        await Expect(chip.GetByTestId("composer-file-progress")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("composer-send")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("composer-file-attached") });
        await page.GetByTestId("composer-send").ClickAsync();

        var link = page.GetByTestId("thread-message").GetByTestId("attachment-file").Filter(new() { HasText = "invoice.pdf" });
        await Expect(link).ToBeVisibleAsync();
        await Expect(page.GetByTestId("composer-file")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("composer-file-sent") });

        // The link is relative to the app's base address, as the browser resolves it.
        var download = await context.APIRequest.GetAsync($"{app.BaseUrl}/{await link.GetAttributeAsync("href")}");
        Assert.Equal(200, download.Status);
        Assert.StartsWith("application/pdf", download.Headers["content-type"]);
        Assert.Equal("%PDF"u8.ToArray(), (await download.BodyAsync())[..4]);
    }
}
