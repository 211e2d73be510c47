using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Meta;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;
using static Omnichat.Blazor.Features.Channels.Simulator.MetaPayloads;
using static Omnichat.Blazor.Tests.Infrastructure.MetaTestKit;

namespace Omnichat.Blazor.Tests.Features.Channels.Meta;

/// <summary>Meta's webhook: the handshake, the signature, durable batches, and what Messenger and WhatsApp updates become.</summary>
public class MetaWebhookTests(MetaAppFixture app) : IClassFixture<MetaAppFixture>
{
    private readonly TestWorld world = app.World;

    private async Task<ChannelAccount> AccountAsync(ChannelKind kind) =>
        await world.MetaAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), kind);

    private async Task<HttpResponseMessage> PostAsync(ChannelAccount account, string body)
    {
        using var client = app.Factory.CreateClient();
        return await client.SendAsync(Signed($"/webhooks/meta/{account.Key}", body));
    }

    private async Task<int> StoredEventsAsync(ChannelAccount account)
    {
        await using var db = await world.CreateDbAsync();
        return await db.InboundEvents.CountAsync(e => e.ChannelAccountId == account.Id);
    }

    private async Task<Conversation> ConversationAsync(ChannelAccount account)
    {
        await using var db = await world.CreateDbAsync();
        return await db.Conversations.Include(c => c.Contact!.Identities).Include(c => c.Messages)
            .AsNoTracking().SingleAsync(c => c.ChannelAccountId == account.Id);
    }

    private async Task<List<Attachment>> AttachmentsAsync(long messageId)
    {
        var attachments = app.Factory.Services.GetService(typeof(Attachments)) as Attachments;
        return (await attachments!.OfMessagesAsync([messageId]))[messageId].ToList();
    }

    [Fact]
    public async Task The_handshake_answers_the_challenge_only_for_the_channels_verify_token()
    {
        var account = await AccountAsync(ChannelKind.Facebook);
        using var client = app.Factory.CreateClient();
        string Url(string mode, string token) => $"/webhooks/meta/{account.Key}?hub.mode={mode}&hub.verify_token={token}&hub.challenge=1158201444";

        var accepted = await client.GetAsync(Url("subscribe", VerifyToken));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("text/plain", accepted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await accepted.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url("subscribe", "wrong-token"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url("unsubscribe", VerifyToken))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/webhooks/meta/no-such-key?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1")).StatusCode);
    }

    [Fact]
    public void A_signature_computed_as_Meta_does_passes_and_a_changed_one_does_not()
    {
        // Computed independently: printf '%s' BODY | openssl dgst -sha256 -hmac 'meta-app-secret-1234'
        var body = Encoding.UTF8.GetBytes("""{"object":"page","entry":[]}""");
        const string signature = "sha256=c21221072cc08a6e1d54dd99d8cb7587b86f1ec8b4d709ff18ecbfdeb436112b";

        Assert.True(MetaSignature.IsValid(AppSecret, body, signature));
        Assert.Equal(signature, MetaSignature.Sign(AppSecret, body));
        Assert.False(MetaSignature.IsValid(AppSecret, body, signature[..^1] + "c"));
        Assert.False(MetaSignature.IsValid("another-secret", body, signature));
    }

    public static TheoryData<string> Tamperings => ["one byte changed", "another secret", "missing header", "sha1 header only"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_wrongly_signed_batch_is_refused_and_nothing_is_stored(string tampering)
    {
        var account = await AccountAsync(ChannelKind.Facebook);
        var body = Messenger(account.Address, MessengerText(account.Address, "1254477777772919", NewMid(), "Pay me"));
        using var request = Signed($"/webhooks/meta/{account.Key}", body, tampering == "another secret" ? "another-secret" : AppSecret);
        if (tampering == "one byte changed") request.Content = new StringContent(body.Replace("Pay me", "Pay mE"), Encoding.UTF8, "application/json");
        if (tampering is "missing header" or "sha1 header only") request.Headers.Remove(MetaSignature.Header);
        if (tampering == "sha1 header only") request.Headers.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(
            System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(body))));

        using var client = app.Factory.CreateClient();
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(account));
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused_with_413()
    {
        var account = await AccountAsync(ChannelKind.WhatsApp);
        var response = await PostAsync(account, WhatsApp(account.Address, [WhatsAppText("31612345678", NewWamid(), new string('x', MetaWebhooks.MaxBodyBytes))]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(account));
    }

    [Fact]
    public async Task A_messenger_text_becomes_a_conversation_and_an_echo_of_our_own_send_is_ignored()
    {
        var account = await AccountAsync(ChannelKind.Facebook);
        var mid = NewMid();
        var body = Messenger(account.Address,
            MessengerText(account.Address, "1254477777772919", mid, "hello, world!"),
            MessengerEcho(account.Address, "1254477777772919", NewMid(), "Our own reply"));

        var response = await PostAsync(account, body);
        await world.ProcessInboundAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await StoredEventsAsync(account));
        var conversation = await ConversationAsync(account);
        Assert.Equal(ChannelKind.Facebook, conversation.Channel);
        var identity = Assert.Single(conversation.Contact!.Identities);
        Assert.Equal((IdentityKind.Messenger, "1254477777772919"), (identity.Kind, identity.Value));
        var message = Assert.Single(conversation.Messages);
        Assert.Equal(("hello, world!", mid), (message.Body, message.ProviderMessageId));
    }

    [Fact]
    public async Task A_messenger_attachment_is_downloaded_and_checked_by_the_file_validator()
    {
        var account = await AccountAsync(ChannelKind.Facebook);
        app.Graph.Media["report.pdf"] = FileSamples.Pdf();
        app.Graph.Media["fake.pdf"] = Encoding.UTF8.GetBytes("MZ this is a program");
        var body = Messenger(account.Address,
            MessengerAttachment(account.Address, "2254477777772919", NewMid(), "file", app.Graph.MessengerFileUrl("report.pdf")),
            MessengerAttachment(account.Address, "2254477777772919", NewMid(), "file", app.Graph.MessengerFileUrl("fake.pdf")));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(account, body)).StatusCode);
        await world.ProcessInboundAsync();

        var messages = (await ConversationAsync(account)).Messages.OrderBy(m => m.Id).ToList();
        var good = Assert.Single(await AttachmentsAsync(messages[0].Id));
        Assert.Equal(("report.pdf", null), (good.Name, good.Refusal));
        Assert.NotNull(Assert.Single(await AttachmentsAsync(messages[1].Id)).Refusal);
    }

    [Fact]
    public async Task Delivery_and_read_receipts_move_what_was_sent_up_to_their_watermark_forward()
    {
        var account = await AccountAsync(ChannelKind.Facebook);
        const string psid = "3254477777772919";
        await PostAsync(account, Messenger(account.Address, MessengerText(account.Address, psid, NewMid(), "Hi")));
        await world.ProcessInboundAsync();
        var conversation = await ConversationAsync(account);
        var agent = await world.UserAsync();
        await world.Lifecycle.TransferAsync(conversation.Id, new(agent.UserId, true, false), agent.UserId, null);
        var early = (await world.Lifecycle.ReplyAsync(conversation.Id, agent, "First")).Message!;
        var late = (await world.Lifecycle.ReplyAsync(conversation.Id, agent, "Second")).Message!;
        var watermark = DateTimeOffset.UtcNow.AddMinutes(1);
        await using (var db = await world.CreateDbAsync())
        {
            await db.Messages.Where(m => m.Id == early.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, NewMid()).SetProperty(m => m.State, DeliveryState.Sent));
            await db.Messages.Where(m => m.Id == late.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ProviderMessageId, NewMid()).SetProperty(m => m.State, DeliveryState.Sent).SetProperty(m => m.SentAt, watermark.UtcDateTime.AddMinutes(1)));
        }

        await PostAsync(account, Messenger(account.Address, MessengerDelivery(account.Address, psid, watermark)));
        await world.ProcessInboundAsync();
        var delivered = (await world.LoadAsync(conversation.Id)).Messages.ToDictionary(m => m.Id, m => m.State);
        await PostAsync(account, Messenger(account.Address, MessengerRead(account.Address, psid, watermark)));
        await world.ProcessInboundAsync();
        var read = (await world.LoadAsync(conversation.Id)).Messages.ToDictionary(m => m.Id, m => m.State);

        Assert.Equal((DeliveryState.Delivered, DeliveryState.Sent), (delivered[early.Id], delivered[late.Id]));
        Assert.Equal((DeliveryState.Read, DeliveryState.Sent), (read[early.Id], read[late.Id]));
    }

    [Fact]
    public async Task A_whatsapp_text_arrives_with_the_profile_name_and_a_plus_before_the_number()
    {
        var account = await AccountAsync(ChannelKind.WhatsApp);
        var wamid = NewWamid();
        var body = WhatsApp(account.Address, [WhatsAppText("16505551234", wamid, "this is a text message")], contacts: [WhatsAppContact("16505551234", "Kerry Fisher")]);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(account, body)).StatusCode);
        await world.ProcessInboundAsync();

        var conversation = await ConversationAsync(account);
        Assert.Equal("Kerry Fisher", conversation.Contact!.Name);
        Assert.Equal((IdentityKind.WhatsApp, "+16505551234"), (conversation.Contact.Identities[0].Kind, conversation.Contact.Identities[0].Value));
        Assert.Equal(("this is a text message", wamid), (conversation.Messages[0].Body, conversation.Messages[0].ProviderMessageId));
    }

    [Fact]
    public async Task Whatsapp_media_is_fetched_through_the_graph_api_and_an_unsupported_type_says_so()
    {
        var account = await AccountAsync(ChannelKind.WhatsApp);
        app.Graph.AccessToken = "meta-access-token";
        app.Graph.Media["1003383421387256"] = FileSamples.Png();
        app.Graph.Media["1049875573922394"] = FileSamples.Pdf();
        const string from = "16505552345";
        var (image, document, location) = (NewWamid(), NewWamid(), NewWamid());
        var body = WhatsApp(account.Address,
        [
            WhatsAppMedia(from, image, "image", new { caption = "Look at this", mime_type = "image/png", sha256 = "x", id = "1003383421387256" }),
            WhatsAppMedia(from, document, "document", new { caption = "Invoice", filename = "invoice.pdf", mime_type = "application/pdf", sha256 = "x", id = "1049875573922394" }),
            WhatsAppMedia(from, location, "location", new { latitude = 37.48, longitude = -122.14, name = "Philz Coffee" }),
        ], contacts: [WhatsAppContact(from, "Sheena Nelson")]);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(account, body)).StatusCode);
        await world.ProcessInboundAsync();

        var messages = (await ConversationAsync(account)).Messages.ToDictionary(m => m.ProviderMessageId!);
        Assert.Equal("Look at this", messages[image].Body);
        Assert.Equal(("media-1.png", null), Assert.Single(await AttachmentsAsync(messages[image].Id)) is var png ? (png.Name, png.Refusal) : default);
        Assert.Equal("Invoice", messages[document].Body);
        Assert.Equal(("invoice.pdf", null), Assert.Single(await AttachmentsAsync(messages[document].Id)) is var pdf ? (pdf.Name, pdf.Refusal) : default);
        Assert.Equal("[Unsupported message type: location]", messages[location].Body);
    }

    [Fact]
    public async Task Whatsapp_statuses_move_the_reply_forward_and_a_failure_says_why_in_words()
    {
        var account = await AccountAsync(ChannelKind.WhatsApp);
        await PostAsync(account, WhatsApp(account.Address, [WhatsAppText("16505553456", NewWamid(), "Hi")]));
        await world.ProcessInboundAsync();
        var conversation = await ConversationAsync(account);
        var agent = await world.UserAsync();
        await world.Lifecycle.TransferAsync(conversation.Id, new(agent.UserId, true, false), agent.UserId, null);
        var read = (await world.Lifecycle.ReplyAsync(conversation.Id, agent, "First")).Message!;
        var failed = (await world.Lifecycle.ReplyAsync(conversation.Id, agent, "Second")).Message!;
        var (readId, failedId) = (NewWamid(), NewWamid());
        await using (var db = await world.CreateDbAsync())
        {
            await db.Messages.Where(m => m.Id == read.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, readId).SetProperty(m => m.State, DeliveryState.Sent));
            await db.Messages.Where(m => m.Id == failed.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, failedId).SetProperty(m => m.State, DeliveryState.Sent));
        }

        await PostAsync(account, WhatsApp(account.Address, statuses:
        [
            WhatsAppStatus(readId, "delivered", "16505553456"),
            WhatsAppStatus(readId, "read", "16505553456"),
            WhatsAppStatus(failedId, "failed", "16505553456", [new { code = 131047, title = "Re-engagement message", message = "Re-engagement message" }]),
        ]));
        await world.ProcessInboundAsync();

        var messages = (await world.LoadAsync(conversation.Id)).Messages.ToDictionary(m => m.Id);
        Assert.Equal(DeliveryState.Read, messages[read.Id].State);
        Assert.Equal(DeliveryState.Failed, messages[failed.Id].State);
        Assert.Equal("More than 24 hours have passed since the customer last replied: only an approved template can be sent. (Meta error 131047)",
            messages[failed.Id].FailureReason);
    }

    private static string ThousandMessages(ChannelAccount account) =>
        WhatsApp(account.Address, Enumerable.Range(0, 1000).Select(i => WhatsAppText($"3161{i:D7}", $"wamid.batch.{account.Key}.{i}", $"Message {i}")).ToArray());

    [Fact]
    public async Task A_batch_of_a_thousand_updates_is_stored_whole_before_the_answer_and_each_becomes_a_message()
    {
        var account = await AccountAsync(ChannelKind.WhatsApp);

        var response = await PostAsync(account, ThousandMessages(account));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, await StoredEventsAsync(account));
        await world.ProcessInboundAsync();
        await using var db = await world.CreateDbAsync();
        Assert.Equal(1000, await db.Conversations.CountAsync(c => c.ChannelAccountId == account.Id));
    }

    [Fact]
    public async Task The_same_batch_delivered_twice_and_two_deliveries_at_once_store_every_update_once()
    {
        var account = await AccountAsync(ChannelKind.WhatsApp);
        var body = ThousandMessages(account);

        var together = await Task.WhenAll(PostAsync(account, body), PostAsync(account, body));
        var again = await PostAsync(account, body);
        await world.ProcessInboundAsync();

        Assert.All([.. together, again], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1000, await StoredEventsAsync(account));
        await using var db = await world.CreateDbAsync();
        Assert.Equal(1000, await db.Messages.CountAsync(m => m.ProviderMessageId!.StartsWith($"wamid.batch.{account.Key}.")));
    }

    [Fact]
    public async Task A_twilio_whatsapp_channel_is_not_reachable_through_the_meta_webhook()
    {
        var twilio = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), ChannelKind.WhatsApp);

        var response = await PostAsync(twilio, WhatsApp(twilio.Address, [WhatsAppText("31612345678", NewWamid(), "Hi")]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
