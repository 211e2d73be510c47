using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Tests.Features.Templates;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ComposerTests
{
    private static readonly TemplateContext Anna = new("Anna de Vries", "Sam", "Support");

    private static Task<ComponentTestContext> ContextAsync()
    {
        // Set here, in the test's own flow: the picker opens on the interface language.
        TestLocalization.English();
        return TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
    }

    private static IRenderedComponent<Composer> RenderComposer(BunitContext context, Func<string, IReadOnlyList<long>, Task<bool>> send) =>
        context.Render<Providers>(p => p.AddChildContent<Composer>(c => c
            .Add(x => x.Send, send)
            .Add(x => x.TemplateContext, Anna))).FindComponent<Composer>();

    [Fact]
    public async Task Enter_sends_the_text_and_clears_the_composer()
    {
        await using var context = await ContextAsync();
        var sent = new List<string>();
        var cut = RenderComposer(context, (text, _) => { sent.Add(text); return Task.FromResult(true); });

        cut.Find("textarea").Input("Hello there");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(["Hello there"], sent);
        await cut.WaitForAssertionAsync(() => Assert.Equal("", cut.Instance.Text));
    }

    [Fact]
    public async Task A_command_is_run_instead_of_sent_and_a_refusal_shows_under_the_composer_with_the_text_kept()
    {
        await using var context = await ContextAsync();
        var sent = new List<string>();
        var cut = context.Render<Providers>(p => p.AddChildContent<Composer>(c => c
            .Add(x => x.Send, (text, _) => { sent.Add(text); return Task.FromResult(true); })
            .Add(x => x.Command, text => Task.FromResult(text.StartsWith("/label") ? text.EndsWith("vip") ? "" : "There is no label “nope”." : null)))).FindComponent<Composer>();

        cut.Find("textarea").Input("/label nope");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await cut.WaitForAssertionAsync(() => Assert.Contains("There is no label “nope”.", cut.Find(".mud-input-helper-text.mud-input-error").TextContent));
        Assert.Equal("/label nope", cut.Instance.Text);

        cut.Find("textarea").Input("/label vip");
        Assert.Empty(cut.FindAll(".mud-input-error"));
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await cut.WaitForAssertionAsync(() => Assert.Equal("", cut.Instance.Text));

        cut.Find("textarea").Input("Hello");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal(["Hello"], sent);
    }

    [Fact]
    public async Task Shift_Enter_does_not_send()
    {
        await using var context = await ContextAsync();
        var sent = new List<string>();
        var cut = RenderComposer(context, (text, _) => { sent.Add(text); return Task.FromResult(true); });

        cut.Find("textarea").Input("First line");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });

        Assert.Empty(sent);
        Assert.Equal("First line", cut.Instance.Text);
    }

    [Fact]
    public async Task A_refused_send_keeps_the_draft()
    {
        await using var context = await ContextAsync();
        var cut = RenderComposer(context, (_, _) => Task.FromResult(false));

        cut.Find("textarea").Input("Almost done");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("Almost done", cut.Instance.Text);
    }

    [Fact]
    public async Task Blank_text_is_not_sent()
    {
        await using var context = await ContextAsync();
        var sent = 0;
        var cut = RenderComposer(context, (_, _) => { sent++; return Task.FromResult(true); });

        cut.Find("textarea").Input("   ");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task Picking_a_template_adds_its_filled_text_to_the_draft_for_editing()
    {
        await using var context = await ContextAsync();
        var sent = 0;
        var providers = context.Render<Providers>(p => p.AddChildContent<Composer>(c => c
            .Add(x => x.Send, (_, _) => { sent++; return Task.FromResult(true); })
            .Add(x => x.TemplateContext, Anna)));
        var cut = providers.FindComponent<Composer>();

        cut.Find("textarea").Input("Hi!");
        providers.Find("[data-testid=composer-templates]").Click();
        await providers.WaitForAssertionAsync(() => Assert.NotEmpty(providers.FindAll("[data-testid=template-item]")));
        providers.FindAll("[data-testid=template-item]").Single(i => i.TextContent.Contains("Greeting")).Click();

        await cut.WaitForAssertionAsync(() => Assert.Equal("Hi! Hello Anna, this is Sam from Support.", cut.Instance.Text));
        Assert.Empty(providers.FindAll("[data-testid=template-picker]"));
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task Slash_opens_suggestions_and_Enter_picks_one_instead_of_sending()
    {
        await using var context = await ContextAsync();
        var sent = 0;
        var cut = RenderComposer(context, (_, _) => { sent++; return Task.FromResult(true); });

        cut.Find("textarea").Input("/gree");
        await cut.WaitForAssertionAsync(() => Assert.Equal("/Greeting", cut.Find("[data-testid=template-suggestion] .mud-typography-subtitle2").TextContent));
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        await cut.WaitForAssertionAsync(() => Assert.Equal("Hello Anna, this is Sam from Support.", cut.Instance.Text));
        Assert.Empty(cut.FindAll("[data-testid=template-suggestions]"));
        Assert.Equal(0, sent);

        // With the list closed, Enter sends again.
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal(1, sent);
    }

    [Fact]
    public async Task A_refused_file_is_explained_under_the_composer_one_line_per_file_while_the_accepted_one_stays()
    {
        await using var context = await ContextAsync();
        var uploaded = new List<string>();
        var cut = context.Render<Providers>(p => p.AddChildContent<Composer>(c => c
            .Add(x => x.Send, (_, _) => Task.FromResult(true))
            .Add(x => x.TemplateContext, Anna)
            .Add(x => x.Upload, async file =>
            {
                // Read it through, as the store does, so the percentage runs to the end.
                await using (var content = file.OpenReadStream()) await content.CopyToAsync(Stream.Null);
                uploaded.Add(file.Name);
                return file.Name.StartsWith("ok", StringComparison.Ordinal)
                    ? new StoreResult(new StoredFile { Id = 7, OriginalName = file.Name }, null)
                    : new StoreResult(null, $"{file.Name} is too large");
            }))).FindComponent<Composer>();

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromText("report", "ok-report.pdf"),
            InputFileContent.CreateFromText("big", "huge.pdf"),
            InputFileContent.CreateFromText("big", "huge-too.pdf"));

        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid=composer-refusal]").Count));
        var refusals = cut.FindAll("[data-testid=composer-refusal]").Select(r => r.TextContent).ToList();
        Assert.Contains(refusals, r => r.Contains("huge.pdf is too large"));
        Assert.Contains(refusals, r => r.Contains("huge-too.pdf is too large"));
        Assert.Contains("ok-report.pdf", Assert.Single(cut.FindAll("[data-testid=composer-file]")).TextContent);
        Assert.Equal(3, uploaded.Count);
        // The picker offers the allow-list, the same list the validator applies.
        var accept = cut.Find("input[type=file]").GetAttribute("accept")!.Split(',');
        Assert.Equal(FileType.ByExtension.Keys.Select(k => "." + k).Order(), accept.Order());
    }
}
