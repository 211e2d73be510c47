using Bunit;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ArchiveRowMenuTests
{
    [Fact]
    public async Task Offers_transfer_unarchive_and_delete()
    {
        await using var context = ConsoleComponentContext.Create();
        var (providers, _) = Render(context, canDelete: true);

        await providers.Find("[data-testid=archive-row-menu] button").ClickAsync(new());

        await providers.WaitForAssertionAsync(() =>
        {
            Assert.Single(providers.FindAll("[data-testid=archive-transfer]"));
            Assert.Single(providers.FindAll("[data-testid=archive-unarchive]"));
            Assert.Single(providers.FindAll("[data-testid=archive-delete]"));
        });
    }

    [Fact]
    public async Task Delete_happens_only_after_confirmation()
    {
        await using var context = ConsoleComponentContext.Create();
        var (providers, calls) = Render(context, canDelete: true);

        await providers.Find("[data-testid=archive-row-menu] button").ClickAsync(new());
        // The click handler waits for the question to be answered, so it is not awaited here.
        var deleting = (await providers.WaitForElementAsync("[data-testid=archive-delete]")).ClickAsync(new());

        var dialog = await providers.WaitForElementAsync(".mud-dialog");
        Assert.Contains("Maria Jansen", dialog.TextContent);
        Assert.Empty(calls);
        await providers.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Delete")).ClickAsync(new());

        await deleting;
        Assert.Equal(["delete"], calls);
    }

    [Fact]
    public async Task Cancelling_the_question_deletes_nothing()
    {
        await using var context = ConsoleComponentContext.Create();
        var (providers, calls) = Render(context, canDelete: true);

        await providers.Find("[data-testid=archive-row-menu] button").ClickAsync(new());
        // The click handler waits for the question to be answered, so it is not awaited here.
        var deleting = (await providers.WaitForElementAsync("[data-testid=archive-delete]")).ClickAsync(new());
        await providers.WaitForElementAsync(".mud-dialog");
        await providers.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Cancel")).ClickAsync(new());

        await deleting;
        Assert.Empty(providers.FindAll(".mud-dialog"));
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Unarchive_and_transfer_call_back_at_once_and_delete_is_hidden_from_non_owners()
    {
        await using var context = ConsoleComponentContext.Create();
        var (providers, calls) = Render(context, canDelete: false);

        await providers.Find("[data-testid=archive-row-menu] button").ClickAsync(new());
        await (await providers.WaitForElementAsync("[data-testid=archive-unarchive]")).ClickAsync(new());
        await providers.Find("[data-testid=archive-row-menu] button").ClickAsync(new());
        await (await providers.WaitForElementAsync("[data-testid=archive-transfer]")).ClickAsync(new());

        Assert.Empty(providers.FindAll("[data-testid=archive-delete]"));
        Assert.Equal(["unarchive", "transfer"], calls);
    }

    private static (IRenderedComponent<Providers> Providers, List<string> Calls) Render(BunitContext context, bool canDelete)
    {
        var calls = new List<string>();
        var providers = context.Render<Providers>(p => p.AddChildContent<ArchiveRowMenu>(menu => menu
            .Add(m => m.ContactName, "Maria Jansen")
            .Add(m => m.CanDelete, canDelete)
            .Add(m => m.OnTransfer, () => calls.Add("transfer"))
            .Add(m => m.OnUnarchive, () => calls.Add("unarchive"))
            .Add(m => m.OnDelete, () => calls.Add("delete"))));
        return (providers, calls);
    }
}
