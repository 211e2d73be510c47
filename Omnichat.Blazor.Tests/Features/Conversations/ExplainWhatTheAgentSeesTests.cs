using Bunit;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>A closed conversation says why it has no reply box; the unknown-sender bar shrinks once the agent replied.</summary>
public class ExplainWhatTheAgentSeesTests
{
    [Theory]
    [InlineData(ConversationStatus.DealtWith, "Dealt with")]
    [InlineData(ConversationStatus.Ended, "Chat session ended")]
    [InlineData(ConversationStatus.Ignored, "Ignored")]
    public async Task A_closed_conversation_says_why_there_is_no_reply_box_and_what_a_new_message_does(ConversationStatus status, string opening)
    {
        await using var context = await ComponentTestContext.CreateAsync(_ => { });

        var notice = context.Render<Providers>(p => p.AddChildContent<ClosedNotice>(c => c.Add(x => x.Status, status))).Find("[data-testid=closed-notice]");

        Assert.StartsWith(opening, notice.TextContent.Trim());
        Assert.Contains("no reply box", notice.TextContent);
        Assert.Contains("new", notice.TextContent);
    }

    [Fact]
    public async Task An_open_conversation_has_no_closed_notice()
    {
        await using var context = await ComponentTestContext.CreateAsync(_ => { });

        var cut = context.Render<Providers>(p => p.AddChildContent<ClosedNotice>(c => c.Add(x => x.Status, ConversationStatus.Open)));

        Assert.Empty(cut.FindAll("[data-testid=closed-notice]"));
    }

    [Fact]
    public async Task The_unknown_sender_bar_offers_only_add_contact_once_the_agent_replied()
    {
        await using var context = await ComponentTestContext.CreateAsync(_ => { });

        var cut = context.Render<Providers>(p => p.AddChildContent<UnknownContactBar>(c => c.Add(x => x.Name, "+31612345678")));
        Assert.Equal(3, cut.FindAll("[data-testid=unknown-contact-bar] button").Count);

        cut.FindComponent<UnknownContactBar>().Render(c => c.Add(x => x.Name, "+31612345678").Add(x => x.Replied, true));

        Assert.Single(cut.FindAll("[data-testid=unknown-contact-bar] button"));
        Assert.NotNull(cut.Find("[data-testid=unknown-add]"));
        Assert.Empty(cut.FindAll("[data-testid=unknown-ignore]"));
        Assert.Contains("not in your contacts yet", cut.Find("[data-testid=unknown-contact-bar]").TextContent);
    }
}
