using Microsoft.Playwright;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>What people do in the browser again and again: sign in, wait for the live console.</summary>
public static class Browsing
{
    /// <summary>A new browser context (a separate person) signed in as <paramref name="user"/>, on the console.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> SignInAsync(IBrowser browser, LiveApp app, Viewer user,
        BrowserNewContextOptions? options = null, string? initScript = null)
    {
        var context = await browser.NewContextAsync(options ?? new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/Account/Login");
        await page.GetByLabel("Email").FillAsync((await app.World.ProfileAsync(user)).Email);
        await page.GetByLabel("Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        // Attached rather than visible: on a phone the name sits in the account menu.
        await Expect(page.GetByTestId("signed-in-user")).ToBeAttachedAsync();
        await WaitForCircuitAsync(page);
        return (context, page);
    }

    /// <summary>The page is interactive once Blazor's circuit is up; clicks before that are lost.</summary>
    public static async Task WaitForCircuitAsync(IPage page) =>
        await Expect(page.GetByTestId("console-live")).ToBeAttachedAsync();

    /// <summary>Opens a page and waits for its live circuit, so clicks never land on the prerendered copy.</summary>
    public static async Task GoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
    }

    /// <summary>
    /// An overlay (a dialog, the information sheet) takes the focus a moment after it shows; only from then do its keys
    /// (Escape) reach it. <paramref name="selector"/> is the overlay's CSS selector.
    /// </summary>
    public static async Task FocusInsideAsync(IPage page, string selector) =>
        await Expect(page.Locator($"{selector}:focus-within")).ToBeVisibleAsync();

    /// <summary>
    /// No menu is open. An open menu owns the keyboard (shortcuts wait, Escape closes it) and covers the page; a menu closes
    /// a moment after its item acted.
    /// </summary>
    public static async Task MenusClosedAsync(IPage page) =>
        await Expect(page.Locator(".mud-popover-open .mud-list")).ToHaveCountAsync(0);

    /// <summary>The shortcuts listen a moment after a page became interactive; keys pressed before that are lost.</summary>
    public static async Task ShortcutsListenAsync(IPage page) =>
        await Expect(page.GetByTestId("shortcuts-button")).ToHaveAttributeAsync("data-listening", "true");

    /// <summary>The open conversation's composer once Enter sends from it (its script attached).</summary>
    public static async Task<ILocator> ComposerAsync(IPage page)
    {
        var composer = page.GetByTestId("composer").Locator("textarea").First;
        await Expect(page.GetByTestId("composer").Locator("textarea[data-sends-on-enter]")).ToHaveCountAsync(1);
        return composer;
    }

    /// <summary>
    /// Drops a file, as one dragged from the desktop, onto the open conversation once it takes drops, and returns the
    /// composer's chip of that file, shown.
    /// </summary>
    public static async Task<ILocator> DropFileAsync(IPage page, string name, string type, byte[] content)
    {
        await Expect(page.Locator("[data-file-drop-zone][data-accepts-files]")).ToHaveCountAsync(1);
        var dropped = await page.EvaluateHandleAsync("""
            ([name, type, bytes]) => {
                const transfer = new DataTransfer();
                transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
                return transfer;
            }
            """, new object[] { name, type, content.Select(b => (int)b).ToArray() });
        await page.GetByTestId("thread").DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = dropped });
        var chip = page.GetByTestId("composer-file").Filter(new() { HasText = name });
        await Expect(chip).ToBeVisibleAsync();
        return chip;
    }

    public static string Screenshot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
}
