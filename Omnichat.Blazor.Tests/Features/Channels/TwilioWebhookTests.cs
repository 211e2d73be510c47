using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Twilio;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

/// <summary>The app as it sits behind a reverse proxy at a public https address.</summary>
public sealed class BehindProxyAppFixture : AppFixture
{
    public const string PublicBase = "https://support.example.com";

    public BehindProxyAppFixture() => Factory = new OmnichatAppFactory
    {
        // The processor is driven by the tests, so "stored but not yet processed" can be observed.
        RunBackgroundWorkers = false,
        Settings = { ["Omnichat:PublicBaseUrl"] = PublicBase },
    };
}

public class TwilioWebhookTests(BehindProxyAppFixture app) : IClassFixture<BehindProxyAppFixture>
{
    private readonly TestWorld world = app.World;
    private const string Token = "0123456789abcdef0123456789abcdef";

    private async Task<ChannelAccount> AccountAsync() =>
        await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: Token);

    private static string PublicUrl(ChannelAccount account) => $"{BehindProxyAppFixture.PublicBase}/webhooks/twilio/{account.Key}";

    private async Task<HttpResponseMessage> PostAsync(ChannelAccount account, Dictionary<string, string> fields, string token = Token, string? signedUrl = null)
    {
        using var client = app.Factory.CreateClient();
        return await client.SendAsync(TwilioTestKit.Signed($"/webhooks/twilio/{account.Key}", fields, token, signedUrl ?? PublicUrl(account)));
    }

    private async Task<int> StoredEventsAsync(ChannelAccount account)
    {
        await using var db = await world.CreateDbAsync();
        return await db.InboundEvents.CountAsync(e => e.ChannelAccountId == account.Id);
    }

    [Fact]
    public void Twilios_published_example_passes_our_validation()
    {
        var fields = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE", ["Caller"] = "+14158675309", ["Digits"] = "1234", ["From"] = "+14158675309", ["To"] = "+18005551212",
        };
        const string url = "https://mycompany.com/myapp.php?foo=1&bar=2";

        Assert.True(TwilioSignature.IsValid("12345", url, fields, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.Sign("12345", url, fields));
        Assert.False(TwilioSignature.IsValid("12345", url, fields, "RSOYDt4T1cUTdK1PDd93/VVr8B9="));
    }

    [Fact]
    public async Task A_correctly_signed_message_is_stored_and_answered_with_TwiML()
    {
        var account = await AccountAsync();

        var response = await PostAsync(account, TwilioTestKit.IncomingSms("+31611111111", "Hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response/>", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await StoredEventsAsync(account));
    }

    [Fact]
    public async Task Fields_Twilio_adds_without_notice_are_part_of_the_signature()
    {
        var account = await AccountAsync();
        var fields = TwilioTestKit.IncomingSms("+31611111112", "Hi");
        fields["FromCountry"] = "NL";
        fields["SomeFieldAddedNextYear"] = "surprise";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(account, fields)).StatusCode);
    }

    [Fact]
    public async Task The_public_url_with_an_explicit_default_port_is_accepted()
    {
        var account = await AccountAsync();
        var withPort = $"{BehindProxyAppFixture.PublicBase}:443/webhooks/twilio/{account.Key}";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(account, TwilioTestKit.IncomingSms("+31611111113", "Hi"), signedUrl: withPort)).StatusCode);
    }

    public static TheoryData<string> Tamperings => ["altered body", "altered url", "wrong token", "missing header", "internal url"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_wrongly_signed_request_is_refused_and_nothing_is_stored(string tampering)
    {
        var account = await AccountAsync();
        var fields = TwilioTestKit.IncomingSms("+31611111114", "Pay me");
        using var request = TwilioTestKit.Signed($"/webhooks/twilio/{account.Key}", fields,
            tampering == "wrong token" ? "ffffffffffffffffffffffffffffffff" : Token,
            tampering switch
            {
                "altered url" => PublicUrl(account) + "?x=1",
                // What this process sees is not what Twilio called: the public URL decides.
                "internal url" => $"http://localhost/webhooks/twilio/{account.Key}",
                _ => PublicUrl(account),
            });
        if (tampering == "altered body") request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["Body"] = "Pay me twice" });
        if (tampering == "missing header") request.Headers.Remove(TwilioSignature.Header);

        using var client = app.Factory.CreateClient();
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(account));
    }

    [Fact]
    public async Task A_retried_webhook_creates_nothing_new_even_when_deliveries_overlap()
    {
        var account = await AccountAsync();
        var fields = TwilioTestKit.IncomingSms("+31611111115", "Only once please");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(account, fields)));
        responses = [.. responses, await PostAsync(account, fields)];
        await world.ProcessInboundAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await StoredEventsAsync(account));
        await using var db = await world.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ProviderMessageId == fields["MessageSid"]));
    }

    [Fact]
    public async Task A_stored_whatsapp_message_becomes_a_conversation_with_the_profile_name()
    {
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), ChannelKind.WhatsApp, Token);
        var fields = TwilioTestKit.IncomingSms("whatsapp:+31622222222", "Hoi!");
        fields["ProfileName"] = "Maria";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(account, fields)).StatusCode);
        await world.ProcessInboundAsync();

        await using var db = await world.CreateDbAsync();
        var conversation = await db.Conversations.Include(c => c.Contact!.Identities).Include(c => c.Messages)
            .SingleAsync(c => c.ChannelAccountId == account.Id);
        Assert.Equal(ChannelKind.WhatsApp, conversation.Channel);
        Assert.Equal("Maria", conversation.Contact!.Name);
        Assert.Equal("+31622222222", Assert.Single(conversation.Contact.Identities).Value);
        Assert.Equal("Hoi!", Assert.Single(conversation.Messages).Body);
    }

    [Fact]
    public async Task A_status_callback_moves_the_message_to_delivered_and_a_failure_shows_twilios_reason()
    {
        var account = await AccountAsync();
        var agent = await world.UserAsync();
        var queueChat = await world.CustomerWritesAsync(account.Id, TestWorld.NewPhone());
        var conversation = await world.LoadAsync(queueChat.ConversationId);
        await world.Lifecycle.TransferAsync(conversation.Id, new(agent.UserId, true, false), agent.UserId, null);
        var sent = (await world.Lifecycle.ReplyAsync(conversation.Id, agent, "On its way")).Message!;
        var failed = (await world.Lifecycle.ReplyAsync(conversation.Id, agent, "Second")).Message!;
        await using (var db = await world.CreateDbAsync())
        {
            await db.Messages.Where(m => m.Id == sent.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, "SMdelivered").SetProperty(m => m.State, DeliveryState.Sent));
            await db.Messages.Where(m => m.Id == failed.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, "SMfailed").SetProperty(m => m.State, DeliveryState.Sent));
        }

        using var client = app.Factory.CreateClient();
        var statusUrl = $"{PublicUrl(account)}/status";
        async Task<HttpStatusCode> CallbackAsync(Dictionary<string, string> fields) =>
            (await client.SendAsync(TwilioTestKit.Signed($"/webhooks/twilio/{account.Key}/status", fields, Token, statusUrl))).StatusCode;
        Assert.Equal(HttpStatusCode.NoContent, await CallbackAsync(new() { ["MessageSid"] = "SMdelivered", ["MessageStatus"] = "delivered" }));
        // A late "sent" must not move it back.
        Assert.Equal(HttpStatusCode.NoContent, await CallbackAsync(new() { ["MessageSid"] = "SMdelivered", ["MessageStatus"] = "sent" }));
        Assert.Equal(HttpStatusCode.NoContent, await CallbackAsync(new() { ["MessageSid"] = "SMfailed", ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30003" }));
        await world.ProcessInboundAsync();

        var messages = (await world.LoadAsync(conversation.Id)).Messages.ToDictionary(m => m.Id);
        Assert.Equal(DeliveryState.Delivered, messages[sent.Id].State);
        Assert.Equal(DeliveryState.Failed, messages[failed.Id].State);
        Assert.Equal("The handset is unreachable. (Twilio error 30003)", messages[failed.Id].FailureReason);
    }

    [Fact]
    public async Task An_unsigned_status_callback_changes_nothing()
    {
        var account = await AccountAsync();
        using var client = app.Factory.CreateClient();
        var response = await client.PostAsync($"/webhooks/twilio/{account.Key}/status",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SMx", ["MessageStatus"] = "delivered" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_status_callback_signed_for_another_channel_cannot_change_this_channels_message()
    {
        var account = await AccountAsync();
        var other = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: "fedcba9876543210fedcba9876543210");
        var agent = await world.UserAsync();
        var chat = await world.CustomerWritesAsync(account.Id, TestWorld.NewPhone());
        await world.Lifecycle.TransferAsync(chat.ConversationId, new(agent.UserId, true, false), agent.UserId, null);
        var reply = (await world.Lifecycle.ReplyAsync(chat.ConversationId, agent, "On its way")).Message!;
        await using (var db = await world.CreateDbAsync())
            await db.Messages.Where(m => m.Id == reply.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, "SMotherchannel").SetProperty(m => m.State, DeliveryState.Sent));

        using var client = app.Factory.CreateClient();
        var forged = TwilioTestKit.Signed($"/webhooks/twilio/{other.Key}/status", new() { ["MessageSid"] = "SMotherchannel", ["MessageStatus"] = "failed", ["ErrorCode"] = "30007" },
            "fedcba9876543210fedcba9876543210", $"{PublicUrl(other)}/status");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(forged)).StatusCode);
        await world.ProcessInboundAsync();

        var message = (await world.LoadAsync(chat.ConversationId)).Messages.Single(m => m.Id == reply.Id);
        Assert.Equal((DeliveryState.Sent, (string?)null), (message.State, message.FailureReason));
    }

    [Fact]
    public async Task A_body_larger_than_twilio_ever_sends_is_refused_with_413_and_stores_nothing()
    {
        var account = await AccountAsync();
        var fields = TwilioTestKit.IncomingSms("+31611111116", new string('x', TwilioWebhooks.MaxBodyBytes));

        var response = await PostAsync(account, fields);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(account));
    }

    [Fact]
    public async Task Guessing_channel_keys_is_answered_404_then_slowed_down_with_429()
    {
        using var client = app.Factory.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= WebhookIntake.UnknownKeysPerMinute; i++)
            answers.Add((await client.PostAsync($"/webhooks/twilio/guess-{Guid.NewGuid():N}", new FormUrlEncodedContent([]))).StatusCode);

        Assert.All(answers.Take(WebhookIntake.UnknownKeysPerMinute), status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }
}
