using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>An admin finds a customer by their number typed the local way, and merges their second contact into them.</summary>
[Collection(E2ECollection.Name)]
public sealed class ContactsTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Find_a_contact_by_local_number_and_merge_another_into_it()
    {
        var admin = await app.World.UserAsync(Roles.Admin, name: "Ada Admin");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, admin);
        var number = TestWorld.NewPhone();
        var email = $"maria{Guid.NewGuid():N}@example.com";
        var kept = (await app.World.LoadAsync((await app.World.CustomerWritesAsync(channel, number, "Where is my parcel?")).ConversationId)).ContactId!.Value;
        var other = (await app.World.LoadAsync((await app.World.CustomerWritesAsync(channel, TestWorld.NewPhone(), "It's Maria again, new phone")).ConversationId)).ContactId!.Value;
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, admin);
        await using var _ = context;

        await Browsing.GoAsync(page, $"{app.BaseUrl}/contacts");
        await page.GetByTestId("contacts-search").FillAsync("06" + number[4..]);
        var row = page.GetByTestId("contacts-row-name");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-contact-id", kept.ToString());
        await row.ClickAsync();

        await Expect(page.GetByTestId("contact-identity")).ToHaveAttributeAsync("data-value", number);
        await Expect(page.GetByTestId("history-item")).ToHaveCountAsync(1);
        await page.GetByTestId("identity-add").ClickAsync();
        await page.GetByTestId("identity-kind").Locator("..").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "E-mail address" }).ClickAsync();
        await page.GetByTestId("identity-value").FillAsync(email);
        await page.GetByTestId("identity-save").ClickAsync();
        await Expect(page.Locator($"[data-testid=contact-identity][data-value='{email}']")).ToHaveCountAsync(1);

        await page.GetByTestId("contact-merge").ClickAsync();
        await page.GetByTestId("merge-search").FillAsync(await NameOfAsync(other));
        await page.Locator($"[data-testid=merge-option][data-contact-id='{other}']").ClickAsync();
        await Expect(page.GetByTestId("merge-preview")).ToContainTextAsync("1 conversation(s) with 1 message(s)");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("contacts-merge-preview") });
        await page.GetByTestId("merge-confirm").ClickAsync();

        await Expect(page.GetByTestId("history-item")).ToHaveCountAsync(2);
        await using var db = await app.World.CreateDbAsync();
        Assert.False(await db.Contacts.AnyAsync(c => c.Id == other));
        Assert.Equal(3, await db.ContactIdentities.CountAsync(i => i.ContactId == kept));
        Assert.True(await db.ContactAudit.AnyAsync(a => a.Kind == ContactAuditKind.Merged && a.ContactId == other && a.MergedIntoId == kept));
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("contacts-merged") });
    }

    private async Task<string> NameOfAsync(int contactId)
    {
        await using var db = await app.World.CreateDbAsync();
        return await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Name).SingleAsync();
    }
}
