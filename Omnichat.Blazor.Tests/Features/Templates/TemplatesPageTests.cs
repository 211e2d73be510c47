using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Omnichat.Blazor.Features.Templates;

namespace Omnichat.Blazor.Tests.Features.Templates;

public class TemplatesPageTests
{
    [Fact]
    public async Task Admin_creates_a_template_with_a_live_preview_of_filled_placeholders()
    {
        await using var ctx = await TemplateTestContext.CreateAsync();
        var dialogs = ctx.Render<MudDialogProvider>();
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<TemplatesPage>();

        page.Find("[data-testid=add-template]").Click();
        await dialogs.WaitForElementAsync("[data-testid=template-preview]");
        dialogs.Find("input[data-testid=template-name]").Change("Welcome");
        dialogs.Find("input[data-testid=template-category]").Change("General");
        dialogs.Find("textarea[data-testid=template-body]").Input("Hello {contact.first_name}, I am {agent.name} from {queue.name}.");

        Assert.Equal("Hello Anna, I am Sam Jansen from Support.", dialogs.Find("[data-testid=template-preview]").TextContent);

        dialogs.Find("[data-testid=template-save]").Click();
        await page.WaitForAssertionAsync(() => Assert.Contains("Welcome", page.Find("[data-testid=templates-table]").TextContent));
        var saved = Assert.Single(await ctx.Services.GetRequiredService<TemplateService>().ListAsync());
        Assert.Equal(("Welcome", "General", "en"), (saved.Name, saved.Category, saved.Language));
    }

    [Fact]
    public async Task Admin_sees_why_a_template_cannot_be_saved()
    {
        await using var ctx = await TemplateTestContext.CreateAsync();
        var dialogs = ctx.Render<MudDialogProvider>();
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<TemplatesPage>();

        page.Find("[data-testid=add-template]").Click();
        (await dialogs.WaitForElementAsync("[data-testid=template-save]")).Click();

        await dialogs.WaitForAssertionAsync(() => Assert.Contains("A template needs a name.", dialogs.Markup));
        Assert.Empty(await ctx.Services.GetRequiredService<TemplateService>().ListAsync());
    }

    [Fact]
    public async Task Admin_deletes_a_template_after_confirming()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples[0]);
        var dialogs = ctx.Render<MudDialogProvider>();
        var page = ctx.Render<TemplatesPage>();
        await page.WaitForAssertionAsync(() => Assert.Contains("Greeting", page.Markup));

        page.Find("button[aria-label='Delete template']").Click();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains("Delete the template Greeting?", dialogs.Markup));
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Delete template").Click();

        await page.WaitForAssertionAsync(() => Assert.DoesNotContain("Greeting", page.Find("[data-testid=templates-table]").TextContent));
        Assert.Empty(await ctx.Services.GetRequiredService<TemplateService>().ListAsync());
    }
}
