using Bunit;
using Omnichat.Blazor.Features.Templates;

namespace Omnichat.Blazor.Tests.Features.Templates;

public class TemplateSuggestionsTests
{
    private static IRenderedComponent<TemplateSuggestions> RenderFor(BunitContext ctx, string text, Action<string> onPick) =>
        ctx.Render<TemplateSuggestions>(p => p
            .Add(x => x.Text, text)
            .Add(x => x.Language, "en")
            .Add(x => x.Context, new TemplateContext("Anna de Vries", "Sam", "Support"))
            .Add(x => x.OnPick, onPick));

    private static string Highlighted(IRenderedComponent<TemplateSuggestions> list) =>
        list.Find("[data-testid=template-suggestion][aria-selected=true] .mud-typography-subtitle2").TextContent;

    [Fact]
    public async Task Arrow_keys_move_through_the_matches_and_Enter_picks_the_filled_text()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
        string? picked = null;
        var list = RenderFor(ctx, "/in", text => picked = text);
        await list.WaitForAssertionAsync(() => Assert.Equal(4, list.FindAll("[data-testid=template-suggestion]").Count));
        Assert.Equal("/Invoice copy", Highlighted(list));

        Assert.True(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("ArrowUp")));
        Assert.Equal("/Begroeting", Highlighted(list));
        Assert.True(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("ArrowDown")));
        Assert.True(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("ArrowDown")));
        Assert.Equal("/Greeting", Highlighted(list));
        Assert.False(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("a")));
        Assert.True(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("Enter")));

        Assert.Equal("Hello Anna, this is Sam from Support.", picked);
        Assert.False(list.Instance.IsOpen);
        Assert.Empty(list.FindAll("[data-testid=template-suggestion]"));
    }

    [Fact]
    public async Task Escape_closes_the_list_and_other_text_shows_none()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
        var list = RenderFor(ctx, "/", _ => { });
        await list.WaitForAssertionAsync(() => Assert.True(list.Instance.IsOpen));

        Assert.True(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("Escape")));
        Assert.False(list.Instance.IsOpen);
        Assert.False(await list.InvokeAsync(() => list.Instance.HandleKeyAsync("Enter")));

        list.Render(p => p.Add(x => x.Text, "Thanks for waiting"));
        Assert.False(list.Instance.IsOpen);
    }
}
