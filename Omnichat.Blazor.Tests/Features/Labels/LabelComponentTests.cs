using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Labels;

/// <summary>The labels admin page and the conversation header's labels, rendered on a running app's services.</summary>
public class LabelComponentTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private LabelAdmin Admin => app.Factory.Services.GetRequiredService<LabelAdmin>();

    [Fact]
    public async Task An_admin_adds_renames_and_deletes_labels_on_the_page_and_a_taken_name_is_explained_in_the_dialog()
    {
        var admin = await world.UserAsync(Roles.Admin);
        await using var ctx = AppComponentContext.For(app, admin);
        var dialogs = ctx.Render<MudDialogProvider>();
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<LabelsPage>();
        var name = $"Refund {Guid.NewGuid():N}"[..16];

        (await page.WaitForElementAsync("[data-testid=add-label]")).Click();
        (await dialogs.WaitForElementAsync("input[data-testid=label-name]")).Change(name);
        dialogs.Find("[data-testid=label-save]").Click();
        await page.WaitForElementAsync($"[data-testid=label-row][data-label='{name}']");
        Assert.Equal("blue", (await Admin.ListAsync()).Single(l => l.Name == name).Colour);

        page.Find("[data-testid=add-label]").Click();
        (await dialogs.WaitForElementAsync("input[data-testid=label-name]")).Change(name.ToLowerInvariant());
        dialogs.Find("[data-testid=label-save]").Click();
        await dialogs.WaitForAssertionAsync(() => Assert.Equal($"A label named “{name.ToLowerInvariant()}” already exists.", dialogs.Find("[data-testid=label-error]").TextContent.Trim()));
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Single(await Admin.ListAsync(), l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));

        var row = page.Find($"[data-testid=label-row][data-label='{name}']").ParentElement!;
        row.QuerySelector("[data-testid=label-edit]")!.Click();
        (await dialogs.WaitForElementAsync("input[data-testid=label-name]")).Change($"{name} (old)");
        dialogs.Find("[data-testid=label-save]").Click();
        await page.WaitForElementAsync($"[data-testid=label-row][data-label='{name} (old)']");

        page.Find($"[data-testid=label-row][data-label='{name} (old)']").ParentElement!.QuerySelector("[data-testid=label-delete]")!.Click();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains($"Delete the label “{name} (old)”?", dialogs.Markup));
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Delete label").Click();
        await page.WaitForAssertionAsync(() => Assert.Empty(page.FindAll($"[data-testid=label-row][data-label='{name} (old)']")));
        Assert.DoesNotContain(await Admin.ListAsync(), l => l.Name.StartsWith(name));
    }

    [Fact]
    public async Task The_header_offers_labelling_only_to_whoever_may_act_and_a_chip_click_takes_the_label_off()
    {
        var (anna, supervisor) = (await world.UserAsync(), await world.UserAsync(Roles.Supervisor));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var name = $"Urgent {Guid.NewGuid():N}"[..16];
        Assert.Null(await Admin.CreateAsync(name, "red"));
        var label = (await Admin.ListAsync()).Single(l => l.Name == name);
        Assert.Equal(Outcome.Done, await app.Factory.Services.GetRequiredService<ConversationLabels>().AddAsync(conversation, anna, label.Id));

        await using (var reviewing = AppComponentContext.For(app, supervisor))
        {
            var readOnly = reviewing.Render<Providers>(p => p.AddChildContent<LabelChips>(c => c
                .Add(x => x.ConversationId, conversation).Add(x => x.Viewer, supervisor).Add(x => x.Labels, [label]).Add(x => x.Editable, false)));
            Assert.Equal(name, readOnly.Find("[data-testid=conversation-label]").TextContent.Trim());
            Assert.Empty(readOnly.FindAll("[data-testid=label-add]"));
            Assert.Empty(readOnly.FindAll(".mud-chip-close-button"));
        }

        await using var ctx = AppComponentContext.For(app, anna);
        var header = ctx.Render<Providers>(p => p.AddChildContent<LabelChips>(c => c
            .Add(x => x.ConversationId, conversation).Add(x => x.Viewer, anna).Add(x => x.Labels, [label]).Add(x => x.Editable, true)));
        Assert.NotEmpty(header.FindAll("[data-testid=label-add]"));
        // The click completes when its handler has, write included.
        await header.Find("[data-testid=conversation-label] .mud-chip-close-button").ClickAsync(new());

        Assert.Empty((await world.RecentAsync(anna)).Single(i => i.Id == conversation).Labels);
    }
}
