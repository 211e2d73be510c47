using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>The console works under its own Content-Security-Policy: the browser reports no violation on the way.</summary>
[Collection(E2ECollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : IAsyncLifetime
{
    // Kept across the page loads of the tab, so violations during sign-in are still there at the end.
    private const string RecordViolations = """
        document.addEventListener('securitypolicyviolation', e => {
            const seen = JSON.parse(sessionStorage.getItem('csp-violations') || '[]');
            seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
            sessionStorage.setItem('csp-violations', JSON.stringify(seen));
        });
        """;

    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_agent_signs_in_opens_a_conversation_and_replies_without_a_single_policy_violation()
    {
        var agent = await app.World.UserAsync(name: "Carla Jansen");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agent);
        var received = await app.World.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Is my parcel on its way?");

        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agent, initScript: RecordViolations);
        await using var _ = context;
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) console.Add(message.Text); };
        var response = await page.GotoAsync($"{app.BaseUrl}/conversations/{received.ConversationId}");
        await Browsing.WaitForCircuitAsync(page);
        // The policy is really in force, not merely absent.
        Assert.Contains("script-src 'self' 'nonce-", (await response!.AllHeadersAsync())["content-security-policy"]);

        await Expect(page.GetByTestId("thread-message").Filter(new() { HasText = "parcel" })).ToBeVisibleAsync();
        var composer = await Browsing.ComposerAsync(page);
        await composer.FillAsync("Yes, it arrives tomorrow.");
        await composer.PressAsync("Enter");
        await Expect(page.GetByTestId("thread-message").Filter(new() { HasText = "arrives tomorrow" })).ToBeVisibleAsync();
        await using (var db = await app.World.CreateDbAsync())
            Assert.True(await db.Messages.AnyAsync(m => m.ConversationId == received.ConversationId && m.Direction == MessageDirection.Outbound && m.Body == "Yes, it arrives tomorrow."));

        var violations = await page.EvaluateAsync<string[]>("JSON.parse(sessionStorage.getItem('csp-violations') || '[]')");
        Assert.Empty(violations);
        Assert.Empty(console);
    }
}
