using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

[Collection(E2ECollection.Name)]
public class FirstRunTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_new_install_sets_up_the_first_admin_who_signs_in_to_an_empty_console()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.BaseUrl);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await page.GetByLabel("Display name").FillAsync("Ada Admin");
        await page.GetByLabel("E-mail").FillAsync("ada@example.test");
        await page.GetByLabel("Extension").FillAsync("100");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Sup3r-secret!");
        await page.GetByLabel("Confirm password").FillAsync("Sup3r-secret!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await Expect(page.GetByTestId("inbox-empty")).ToBeVisibleAsync();
        await Browsing.WaitForCircuitAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await page.GetByLabel("Email").FillAsync("ada@example.test");
        await page.GetByLabel("Password").FillAsync("Sup3r-secret!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("inbox-empty")).ToContainTextAsync("No conversations yet");
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Ada Admin");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "first-run-console.png"), FullPage = true });

        using var http = new HttpClient();
        var setupAgain = await http.GetAsync($"{app.BaseUrl}/setup");
        Assert.Equal(HttpStatusCode.NotFound, setupAgain.StatusCode);
    }
}
