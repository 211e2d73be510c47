using Bunit;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class InboxItemViewTests
{
    private static readonly InboxItem Unowned = new(7, ChannelKind.WhatsApp, "Maria Jansen", "Kan ik mijn afspraak verzetten?",
        DateTime.UtcNow, OwnerName: null, QueueName: "Support", ConversationStatus.Open, Unread: 3);

    [Fact]
    public async Task Shows_contact_preview_channel_unread_count_and_queue_badge()
    {
        await using var context = ConsoleComponentContext.Create();

        var cut = Render(context, Unowned);

        Assert.Equal("Maria Jansen", cut.Find("[data-testid=inbox-contact]").TextContent.Trim());
        Assert.Contains("afspraak verzetten", cut.Find("[data-testid=inbox-preview]").TextContent);
        Assert.Equal("WhatsApp", cut.Find("[data-testid=channel-icon]").GetAttribute("data-channel"));
        Assert.Equal("3", cut.Find("[data-testid=inbox-unread]").TextContent.Trim());
        Assert.Contains("Support", cut.Find("[data-testid=inbox-badge]").TextContent);
        Assert.Contains("unassigned", cut.Find("[data-testid=inbox-badge]").TextContent);
        Assert.Equal("conversations/7", cut.Find("[data-testid=inbox-item]").GetAttribute("href"));
    }

    [Fact]
    public async Task Owned_conversation_shows_its_owner_and_no_unread_count_when_nothing_is_new()
    {
        await using var context = ConsoleComponentContext.Create();

        var cut = Render(context, Unowned with { OwnerName = "Anna de Vries", Unread = 0 });

        Assert.Contains("Anna de Vries", cut.Find("[data-testid=inbox-badge]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=inbox-unread]"));
    }

    [Fact]
    public async Task Internal_chat_has_no_channel_icon()
    {
        await using var context = ConsoleComponentContext.Create();

        var cut = Render(context, Unowned with { Channel = ChannelKind.Internal });

        Assert.Empty(cut.FindAll("[data-testid=channel-icon]"));
    }

    [Fact]
    public async Task The_open_conversation_shows_no_unread_count()
    {
        await using var context = ConsoleComponentContext.Create();

        var cut = Render(context, Unowned, selected: true);

        Assert.Empty(cut.FindAll("[data-testid=inbox-unread]"));
    }

    private static IRenderedComponent<InboxItemView> Render(BunitContext context, InboxItem item, bool selected = false) =>
        context.Render<InboxItemView>(view => view
            .Add(v => v.Item, item)
            .Add(v => v.Selected, selected));
}
