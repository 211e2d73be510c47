using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>An inbox row shows how long the customer has waited, and turns red past the queue's reply target.</summary>
public class WaitingTimeViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Now);

    private static InboxItem Waiting(TimeSpan waited, bool firstReply, int? targetMinutes) =>
        new(1, ChannelKind.Sms, "Anna", "Hello?", Now.UtcDateTime - waited, null, "Sales", ConversationStatus.Open)
        {
            Wait = new CustomerWait(Now.UtcDateTime - waited, firstReply, targetMinutes),
        };

    private async Task<(ComponentTestContext Context, AngleSharp.Dom.IElement Wait)> RenderAsync(InboxItem item)
    {
        var context = await ComponentTestContext.CreateAsync(ctx => ctx.Services.AddSingleton<TimeProvider>(clock));
        var wait = context.Render<InboxItemView>(p => p.Add(x => x.Item, item)).Find("[data-testid=inbox-wait]");
        return (context, wait);
    }

    [Fact]
    public async Task A_customer_within_the_target_shows_the_wait_in_the_usual_colour()
    {
        var (context, wait) = await RenderAsync(Waiting(TimeSpan.FromMinutes(3), firstReply: true, targetMinutes: 5));
        await using var _ = context;

        Assert.Equal("false", wait.GetAttribute("data-late"));
        Assert.DoesNotContain("inbox-wait-late", wait.ClassName);
        Assert.Contains("No reply yet · 3 min", wait.TextContent);
    }

    [Fact]
    public async Task Past_the_target_the_wait_turns_red()
    {
        var (context, wait) = await RenderAsync(Waiting(TimeSpan.FromMinutes(7), firstReply: false, targetMinutes: 5));
        await using var _ = context;

        Assert.Equal("true", wait.GetAttribute("data-late"));
        Assert.Contains("inbox-wait-late", wait.ClassName);
        Assert.Contains("Waiting for a reply · 7 min", wait.TextContent);
    }

    [Fact]
    public async Task Without_a_target_a_long_wait_stays_neutral()
    {
        var (context, wait) = await RenderAsync(Waiting(TimeSpan.FromHours(2.5), firstReply: true, targetMinutes: null));
        await using var _ = context;

        Assert.Equal("false", wait.GetAttribute("data-late"));
        Assert.Contains("2 h 30 min", wait.TextContent);
    }

    [Fact]
    public async Task An_answered_conversation_shows_no_wait()
    {
        await using var context = await ComponentTestContext.CreateAsync(ctx => ctx.Services.AddSingleton<TimeProvider>(clock));
        var item = Waiting(TimeSpan.FromMinutes(30), true, 5) with { Wait = new CustomerWait(null, false, 5) };

        Assert.Empty(context.Render<InboxItemView>(p => p.Add(x => x.Item, item)).FindAll("[data-testid=inbox-wait]"));
    }
}
