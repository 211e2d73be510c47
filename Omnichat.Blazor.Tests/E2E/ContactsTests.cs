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
        // The suggestions of the whole name, not of a part typed before: a newer list replaces the one being clicked.
        await Expect(page.GetByTestId("merge-option")).ToHaveCountAsync(1);
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

    [Fact]
    public async Task The_information_panel_sets_the_contacts_language_and_the_template_picker_opens_on_it()
    {
        var errors = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Omnichat.Blazor.Features.Templates.TemplateService>(app.Factory.Services)
            .SaveAsync(new Omnichat.Blazor.Features.Templates.MessageTemplate { Name = "Begroeting", Language = "nl", Body = "Hallo {contact.first_name}, u spreekt met {agent.name}." });
        Assert.Empty(errors);
        var agent = await app.World.UserAsync(name: "Bob Smith");
        var channel = await app.World.ChannelForAsync(AssignmentStrategy.All, agent);
        var number = TestWorld.NewPhone();
        var id = (await app.World.CustomerWritesAsync(channel, number, "Goedemiddag, ik heb een vraag")).ConversationId;
        var contactId = (await app.World.LoadAsync(id)).ContactId!.Value;
        var (context, page) = await Browsing.SignInAsync(browser.Browser, app, agent);
        await using var _ = context;
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{id}");

        await page.GetByTestId("conversation-menu").ClickAsync();
        await page.GetByTestId("menu-information").ClickAsync();
        await Expect(page.GetByTestId("contact-identity")).ToHaveAttributeAsync("data-value", number);
        await page.GetByTestId("contact-language").Locator("..").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Nederlands" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("information-panel-contact") });
        await Expect(page.GetByTestId("contact-language")).ToHaveValueAsync("Nederlands");
        await Committed.EqualAsync("nl", async () =>
        {
            await using var db = await app.World.CreateDbAsync();
            return await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Language).SingleAsync();
        });
        await Browsing.GoAsync(page, $"{app.BaseUrl}/conversations/{id}");

        await page.GetByTestId("composer-templates").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("template-language-filter")).ToHaveValueAsync("Nederlands");
        // Known only by number: the greeting leaves the number out.
        await Expect(dialog.GetByTestId("template-item")).ToContainTextAsync("Hallo, u spreekt met Bob Smith.");
        await page.ScreenshotAsync(new() { Path = Browsing.Screenshot("template-picker-contact-language") });
    }

    private async Task<string> NameOfAsync(int contactId)
    {
        await using var db = await app.World.CreateDbAsync();
        return await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Name).SingleAsync();
    }
}
