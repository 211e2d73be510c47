using Bunit;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Users;

public sealed class UsersPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task Resetting_a_password_shows_the_new_one_once_and_it_signs_in()
    {
        var (admin, anna) = (await world.UserAsync(Roles.Admin), await world.UserAsync(name: "Anna Reset"));
        await using var ctx = AppComponentContext.For(app, admin);
        var page = ctx.Render<Providers>(p => p.AddChildContent<UsersPage>());
        await page.WaitForAssertionAsync(() => Assert.Contains(page.FindAll("tr"), r => r.TextContent.Contains("Anna Reset")));

        await page.FindAll("tr").Single(r => r.TextContent.Contains("Anna Reset")).QuerySelector("[data-testid=user-menu] button")!.ClickAsync(new());
        var resetting = (await page.WaitForElementAsync("[data-testid=user-reset-password]")).ClickAsync(new());
        await page.WaitForElementAsync(".mud-dialog");
        await page.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Reset password")).ClickAsync(new());
        await resetting;

        var shown = (await page.WaitForElementAsync(".mud-dialog input[readonly]")).GetAttribute("value")!;
        Assert.Contains("shown only once", page.Find(".mud-dialog").TextContent);
        await HttpSignIn.SignedInAsync(app.Factory, (await world.ProfileAsync(anna)).Email, shown);
    }

    [Fact]
    public async Task Deactivating_from_the_list_marks_the_user_and_offers_reactivation()
    {
        var (admin, _) = (await world.UserAsync(Roles.Admin, name: "Admin Staying"), await world.UserAsync(name: "Bram Leaving"));
        await using var ctx = AppComponentContext.For(app, admin);
        var page = ctx.Render<Providers>(p => p.AddChildContent<UsersPage>());
        await page.WaitForAssertionAsync(() => Assert.Contains(page.FindAll("tr"), r => r.TextContent.Contains("Bram Leaving")));

        await page.FindAll("tr").Single(r => r.TextContent.Contains("Bram Leaving")).QuerySelector("[data-testid=user-menu] button")!.ClickAsync(new());
        var deactivating = (await page.WaitForElementAsync("[data-testid=user-deactivate]")).ClickAsync(new());
        await page.WaitForElementAsync(".mud-dialog");
        await page.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Deactivate")).ClickAsync(new());
        await deactivating;

        await page.WaitForAssertionAsync(() => Assert.NotNull(page.FindAll("tr").Single(r => r.TextContent.Contains("Bram Leaving")).QuerySelector("[data-testid=user-deactivated]")));
        await page.FindAll("tr").Single(r => r.TextContent.Contains("Bram Leaving")).QuerySelector("[data-testid=user-menu] button")!.ClickAsync(new());
        Assert.NotNull(await page.WaitForElementAsync("[data-testid=user-reactivate]"));
        // The admin's own row has no such menu.
        Assert.Null(page.FindAll("tr").Single(r => r.TextContent.Contains("Admin Staying")).QuerySelector("[data-testid=user-menu]"));
    }
}
