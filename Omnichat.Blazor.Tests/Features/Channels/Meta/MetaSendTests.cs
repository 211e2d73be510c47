using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels.Meta;

/// <summary>Replies through the outbox to a fake Graph API: what Meta receives, retries, refusals in words, and no double sends.</summary>
public sealed class MetaSendTests : IAsyncLifetime
{
    private FakeGraphApi graph = null!;
    private OmnichatAppFactory factory = null!;
    private TestWorld world = null!;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        graph = await FakeGraphApi.StartAsync();
        factory = new OmnichatAppFactory
        {
            Clock = clock,
            RunBackgroundWorkers = false,
            // The timeout leaves the fake ample time to take a message before the client stops waiting for its answer.
            Settings =
            {
                ["Omnichat:Meta:GraphBaseUrl"] = graph.BaseUrl, ["Omnichat:Meta:GraphVersion"] = FakeGraphApi.Version,
                ["Omnichat:Meta:TimeoutSeconds"] = "2", ["Omnichat:PublicBaseUrl"] = "https://support.example.com",
            },
        };
        world = new TestWorld(factory.Services);
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await graph.DisposeAsync();
    }

    private OutboxSender Sender => factory.Services.GetRequiredService<OutboxSender>();

    /// <summary>An agent's reply to a customer of a Meta channel, waiting in the outbox.</summary>
    private async Task<(Message Reply, ChannelAccount Account, Omnichat.Blazor.Features.Users.Viewer Agent)> ReplyAsync(ChannelKind kind, string customer, string text = "Your parcel ships today")
    {
        var agent = await world.UserAsync();
        var account = await world.MetaAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [agent]), kind, accessToken: "page-token");
        var identity = kind == ChannelKind.Facebook ? IdentityKind.Messenger : IdentityKind.WhatsApp;
        var chat = await world.Intake.ReceiveAsync(new InboundMessage(account.Id, identity, customer, null, "Hello?"));
        return ((await world.Lifecycle.ReplyAsync(chat.ConversationId, agent, text)).Message!, account, agent);
    }

    private async Task<(Message Message, OutboxEntry Entry)> LoadAsync(long messageId)
    {
        await using var db = await world.CreateDbAsync();
        var entry = await db.Outbox.Include(e => e.Message).AsNoTracking().SingleAsync(e => e.MessageId == messageId);
        return (entry.Message, entry);
    }

    [Fact]
    public async Task A_messenger_reply_goes_to_the_page_as_a_response_to_the_customer()
    {
        var (reply, account, _) = await ReplyAsync(ChannelKind.Facebook, "1254477777772919");
        graph.Script(FakeGraphApi.MessengerAccepted("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM"));

        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, DeliveryState.Sent, "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM"), (entry.Status, message.State, message.ProviderMessageId));
        var sent = Assert.Single(graph.Requests);
        Assert.Equal((account.Address, "Bearer page-token"), (sent.Node, sent.Authorization));
        Assert.Equal(("1254477777772919", "RESPONSE", "Your parcel ships today"),
            ((string?)sent.Body["recipient"]?["id"], (string?)sent.Body["messaging_type"], (string?)sent.Body["message"]?["text"]));
    }

    [Fact]
    public async Task A_whatsapp_reply_is_retried_after_a_server_error_and_sent_once()
    {
        var (reply, account, _) = await ReplyAsync(ChannelKind.WhatsApp, "+16505551234");
        graph.Script(FakeGraphApi.ServerError(), FakeGraphApi.WhatsAppAccepted("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"));

        await Sender.SendDueAsync();
        Assert.Equal((OutboxStatus.Pending, DeliveryState.Pending), (await LoadAsync(reply.Id)) is var first ? (first.Entry.Status, first.Message.State) : default);
        clock.Advance(OutboxSender.Backoff(1));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"), (entry.Status, message.ProviderMessageId));
        Assert.Equal(2, graph.Requests.Count);
        var sent = graph.Requests.Last();
        Assert.Equal((account.Address, "whatsapp", "16505551234", "text", "Your parcel ships today"),
            (sent.Node, (string?)sent.Body["messaging_product"], (string?)sent.Body["to"], (string?)sent.Body["type"], (string?)sent.Body["text"]?["body"]));
    }

    [Fact]
    public async Task A_whatsapp_reply_after_the_24_hour_window_fails_with_the_reason_in_words()
    {
        var (reply, _, _) = await ReplyAsync(ChannelKind.WhatsApp, "+16505552345");
        graph.Script(FakeGraphApi.Error(400, 131047, null, "(#131047) Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));

        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Failed, DeliveryState.Failed), (entry.Status, message.State));
        Assert.Equal("More than 24 hours have passed since the customer last replied: only an approved template can be sent. (Meta error 131047)", message.FailureReason);
    }

    [Fact]
    public async Task A_messenger_reply_outside_the_allowed_window_fails_with_the_reason_in_words()
    {
        var (reply, _, _) = await ReplyAsync(ChannelKind.Facebook, "2254477777772919");
        graph.Script(FakeGraphApi.Error(400, 10, 2018278, "(#10) This message is sent outside of allowed window."));

        await Sender.SendDueAsync();

        var (message, _) = await LoadAsync(reply.Id);
        Assert.Equal(DeliveryState.Failed, message.State);
        Assert.Equal("Outside the allowed window: the customer last wrote more than 24 hours ago. (Meta error 10/2018278)", message.FailureReason);
    }

    [Fact]
    public async Task A_reply_meta_took_without_answering_is_not_sent_again_until_an_agent_retries_it()
    {
        var (reply, _, agent) = await ReplyAsync(ChannelKind.WhatsApp, "+16505553456");
        graph.Script(FakeGraphApi.TakenWithoutAnswer("wamid.taken"), FakeGraphApi.WhatsAppAccepted("wamid.retried"));

        await Sender.SendDueAsync();
        Assert.Equal(DeliveryState.Uncertain, (await LoadAsync(reply.Id)).Message.State);
        clock.Advance(OutboxSender.Backoff(1));
        await Sender.SendDueAsync();

        var (failed, _) = await LoadAsync(reply.Id);
        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.StartsWith("It is unknown whether this message went out", failed.FailureReason);
        Assert.Single(graph.Requests);

        Assert.Equal(Outcome.Done, await factory.Services.GetRequiredService<OutboxActions>().RetryAsync(reply.Id, agent));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, "wamid.retried"), (entry.Status, message.ProviderMessageId));
        Assert.Equal(2, graph.Requests.Count);
    }
}
