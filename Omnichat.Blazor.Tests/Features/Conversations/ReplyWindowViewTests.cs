using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>What the agent sees of the 24-hour window: the time left in the header, and why (and what) above the composer.</summary>
public class ReplyWindowViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Now);

    private Task<ComponentTestContext> ContextAsync() =>
        ComponentTestContext.CreateAsync(ctx => ctx.Services.AddSingleton<TimeProvider>(clock));

    [Fact]
    public async Task The_header_shows_the_time_left_to_reply_freely()
    {
        await using var context = await ContextAsync();
        var window = new ReplyWindow(ReplyWindowState.Open, Now.UtcDateTime.AddHours(5).AddMinutes(12));

        var chip = context.Render<Providers>(p => p.AddChildContent<ReplyWindowChip>(c => c.Add(x => x.Window, window))).Find("[data-testid=reply-window]");

        Assert.Equal("Open", chip.GetAttribute("data-state"));
        Assert.Contains("Reply window: 5 h 12 min left", chip.TextContent);
    }

    [Fact]
    public async Task The_time_left_counts_down_while_the_conversation_stays_open()
    {
        await using var context = await ContextAsync();
        var window = new ReplyWindow(ReplyWindowState.Open, Now.UtcDateTime.AddHours(5).AddMinutes(12));
        var cut = context.Render<Providers>(p => p.AddChildContent<ReplyWindowChip>(c => c.Add(x => x.Window, window)));

        clock.Advance(TimeSpan.FromMinutes(3));

        await cut.WaitForAssertionAsync(() => Assert.Contains("Reply window: 5 h 9 min left", cut.Find("[data-testid=reply-window]").TextContent));
    }

    [Fact]
    public async Task Once_only_templates_may_go_the_composer_says_why_and_offers_them_filled_for_the_conversation()
    {
        await using var context = await ContextAsync();
        var template = new MessageTemplate { Id = 7, Name = "Order ready", Body = "Hello {contact.first_name}, your order is ready.", WhatsAppTemplateName = "order_ready" };
        var picked = new List<MessageTemplate>();

        var cut = context.Render<Providers>(p => p.AddChildContent<ReplyWindowNotice>(c => c
            .Add(x => x.Window, new ReplyWindow(ReplyWindowState.TemplatesOnly, Now.UtcDateTime.AddHours(-1)))
            .Add(x => x.Templates, [template])
            .Add(x => x.Context, new TemplateContext("Maria Jansen"))
            .Add(x => x.Send, t => picked.Add(t))));

        Assert.Contains("WhatsApp only lets you send an approved template", cut.Find("[data-testid=reply-window-notice]").TextContent);
        var offer = cut.Find("[data-testid=window-template]");
        Assert.Contains("Hello Maria, your order is ready.", offer.TextContent);
        await offer.ClickAsync(new());
        Assert.Equal([template], picked);
    }
}
