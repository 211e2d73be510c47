using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ComposerTests
{
    [Fact]
    public async Task Enter_sends_the_text_and_clears_the_composer()
    {
        await using var context = ConsoleComponentContext.Create();
        var sent = new List<string>();
        var cut = context.Render<Composer>(p => p.Add(c => c.Send, text => { sent.Add(text); return Task.FromResult(true); }));

        cut.Find("textarea").Input("Hello there");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(["Hello there"], sent);
        cut.WaitForAssertion(() => Assert.Equal("", cut.Instance.Text));
    }

    [Fact]
    public async Task Shift_Enter_does_not_send()
    {
        await using var context = ConsoleComponentContext.Create();
        var sent = new List<string>();
        var cut = context.Render<Composer>(p => p.Add(c => c.Send, text => { sent.Add(text); return Task.FromResult(true); }));

        cut.Find("textarea").Input("First line");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });

        Assert.Empty(sent);
        Assert.Equal("First line", cut.Instance.Text);
    }

    [Fact]
    public async Task A_refused_send_keeps_the_draft()
    {
        await using var context = ConsoleComponentContext.Create();
        var cut = context.Render<Composer>(p => p.Add(c => c.Send, _ => Task.FromResult(false)));

        cut.Find("textarea").Input("Almost done");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("Almost done", cut.Instance.Text);
    }

    [Fact]
    public async Task Blank_text_is_not_sent()
    {
        await using var context = ConsoleComponentContext.Create();
        var sent = 0;
        var cut = context.Render<Composer>(p => p.Add(c => c.Send, _ => { sent++; return Task.FromResult(true); }));

        cut.Find("textarea").Input("   ");
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(0, sent);
    }
}
