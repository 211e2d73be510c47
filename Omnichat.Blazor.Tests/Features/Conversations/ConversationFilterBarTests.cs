using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ConversationFilterBarTests(AppFixture app) : IClassFixture<AppFixture>
{
    // The Recent list's: it opens on Open (needs a reply).
    private static readonly IReadOnlyList<InboxState> States =
        [InboxState.Open, InboxState.Unassigned, InboxState.Assigned, InboxState.Pending, InboxState.Snoozed, InboxState.Any];

    [Fact]
    public async Task In_the_console_the_lists_fold_behind_a_button_and_the_search_stays()
    {
        var agent = await app.World.UserAsync();
        await using var ctx = AppComponentContext.For(app, agent);

        var bar = ctx.Render<Providers>(p => p.AddChildContent<ConversationFilterBar>(f => f
            .Add(x => x.Viewer, agent).Add(x => x.Filter, new InboxFilter(State: InboxState.Open)).Add(x => x.States, States)
            .Add(x => x.ShowSearch, true).Add(x => x.Collapsible, true)));

        Assert.NotEmpty(bar.FindAll("[data-testid=filter-search]"));
        Assert.Empty(bar.FindAll("[data-testid=filter-queue]"));
        var toggle = bar.Find("[data-testid=filter-toggle]");
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));

        await toggle.ClickAsync(new());

        Assert.NotEmpty(bar.FindAll("[data-testid=filter-queue]"));
        Assert.NotEmpty(bar.FindAll("[data-testid=filter-channel]"));
        Assert.NotEmpty(bar.FindAll("[data-testid=filter-status]"));
        Assert.Equal("true", bar.Find("[data-testid=filter-toggle]").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task A_filter_in_force_is_never_folded_away()
    {
        var agent = await app.World.UserAsync();
        await using var ctx = AppComponentContext.For(app, agent);

        var bar = ctx.Render<Providers>(p => p.AddChildContent<ConversationFilterBar>(f => f
            .Add(x => x.Viewer, agent).Add(x => x.Filter, new InboxFilter(State: InboxState.Snoozed)).Add(x => x.States, States)
            .Add(x => x.Collapsible, true)));

        Assert.NotEmpty(bar.FindAll("[data-testid=filter-status]"));
    }

    [Fact]
    public async Task A_label_filter_in_force_shows_its_label_and_is_never_folded_away()
    {
        var agent = await app.World.UserAsync();
        var labels = app.Factory.Services.GetRequiredService<LabelAdmin>();
        var name = $"Filter {Guid.NewGuid():N}"[..16];
        Assert.Null(await labels.CreateAsync(name, "teal"));
        var label = (await labels.ListAsync()).Single(l => l.Name == name);
        await using var ctx = AppComponentContext.For(app, agent);

        var bar = ctx.Render<Providers>(p => p.AddChildContent<ConversationFilterBar>(f => f
            .Add(x => x.Viewer, agent).Add(x => x.Filter, new InboxFilter(LabelId: label.Id)).Add(x => x.States, States)
            .Add(x => x.Collapsible, true)));

        await bar.WaitForAssertionAsync(() => Assert.Equal(name, bar.Find("[data-testid=filter-label]").TextContent.Trim()));
        Assert.NotEmpty(bar.FindAll("[data-testid=filter-queue]"));
    }
}
