using Bunit;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class InformationPanelTests
{
    private static readonly ContactCard Unknown = new(1, "+31612345678", Email: null, Phone: "+31612345678", IsSaved: false);

    [Theory]
    [InlineData(ChannelKind.LiveChat, new[] { "info-email", "info-add-contact" })]
    [InlineData(ChannelKind.WhatsApp, new[] { "info-call", "info-add-contact" })]
    [InlineData(ChannelKind.Sms, new[] { "info-call", "info-sms", "info-add-contact" })]
    [InlineData(ChannelKind.Facebook, new[] { "info-add-contact" })]
    public async Task Offers_the_actions_of_the_channel(ChannelKind channel, string[] expected)
    {
        await using var context = ConsoleComponentContext.Create();

        var cut = context.Render<InformationPanel>(p => p.Add(x => x.Channel, channel).Add(x => x.Contact, Unknown));

        var actions = cut.FindAll("[data-testid=information-actions] [data-testid]").Select(e => e.GetAttribute("data-testid"));
        Assert.Equal(expected, actions);
    }

    [Fact]
    public async Task Call_is_a_tel_link_and_email_a_mailto_link_when_the_address_is_known()
    {
        await using var context = ConsoleComponentContext.Create();

        var whatsApp = context.Render<InformationPanel>(p => p.Add(x => x.Channel, ChannelKind.WhatsApp).Add(x => x.Contact, Unknown));
        var liveChat = context.Render<InformationPanel>(p => p.Add(x => x.Channel, ChannelKind.LiveChat)
            .Add(x => x.Contact, Unknown with { Email = "maria@example.com", IsSaved = true }));

        Assert.Equal("tel:+31612345678", whatsApp.Find("[data-testid=info-call]").GetAttribute("href"));
        Assert.Equal("mailto:maria@example.com", liveChat.Find("[data-testid=info-email]").GetAttribute("href"));
        Assert.Empty(liveChat.FindAll("[data-testid=info-add-contact]"));
    }

    [Fact]
    public async Task Lists_the_contacts_history_across_channels_each_opening_its_conversation()
    {
        await using var context = ConsoleComponentContext.Create();
        InboxItem[] history =
        [
            new(2, ChannelKind.WhatsApp, "Maria", "Kan ik verzetten?", DateTime.UtcNow, "Bob Smith", "Support", ConversationStatus.Open),
            new(1, ChannelKind.Sms, "Maria", "Order 10442?", DateTime.UtcNow.AddDays(-3), "Anna de Vries", "Support", ConversationStatus.DealtWith, IsArchived: true),
        ];

        var cut = context.Render<InformationPanel>(p => p
            .Add(x => x.Channel, ChannelKind.WhatsApp)
            .Add(x => x.Contact, Unknown)
            .Add(x => x.History, history)
            .Add(x => x.CurrentConversationId, 2L));

        var rows = cut.FindAll("[data-testid=history-item]");
        Assert.Equal(["conversations/2", "conversations/1"], rows.Select(r => r.GetAttribute("href")));
        Assert.Equal(["Sms"], rows[1].QuerySelectorAll("[data-testid=channel-icon]").Select(i => i.GetAttribute("data-channel")));
        Assert.Contains("Dealt with", rows[1].TextContent);
        Assert.Contains("this conversation", rows[0].TextContent);
    }
}
