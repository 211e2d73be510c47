using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

/// <summary>Replies through the outbox to a fake Twilio API: retries, permanent failures, and no double sends.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private FakeTwilioApi twilio = null!;
    private OmnichatAppFactory factory = null!;
    private TestWorld world = null!;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilioApi.StartAsync();
        twilio.Clock = clock;
        factory = new OmnichatAppFactory
        {
            Clock = clock,
            RunBackgroundWorkers = false,
            // The timeout leaves the fake ample time to take a message before the client stops waiting for its answer.
            Settings = { ["Omnichat:Twilio:ApiBaseUrl"] = twilio.BaseUrl, ["Omnichat:Twilio:TimeoutSeconds"] = "3", ["Omnichat:PublicBaseUrl"] = "https://support.example.com" },
        };
        world = new TestWorld(factory.Services);
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await twilio.DisposeAsync();
    }

    private OutboxSender Sender => factory.Services.GetRequiredService<OutboxSender>();

    /// <summary>An agent's reply to a customer on a real (not simulated) Twilio channel, waiting in the outbox.</summary>
    private async Task<(Message Reply, string Customer)> ReplyAsync(string text = "Your parcel ships today")
    {
        var agent = await world.UserAsync();
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [agent]), simulated: false);
        var customer = TestWorld.NewPhone();
        var chat = await world.CustomerWritesAsync(account.Id, customer);
        return ((await world.Lifecycle.ReplyAsync(chat.ConversationId, agent, text)).Message!, customer);
    }

    /// <summary>A conversation on a real Twilio channel of the given kind, claimed by its agent.</summary>
    private async Task<(long ConversationId, Omnichat.Blazor.Features.Users.Viewer Agent)> ClaimedConversationAsync(ChannelKind kind)
    {
        var agent = await world.UserAsync();
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [agent]), kind, simulated: false);
        var chat = await world.CustomerWritesAsync(account.Id, TestWorld.NewPhone());
        await world.Lifecycle.ClaimAsync(chat.ConversationId, agent);
        return (chat.ConversationId, agent);
    }

    private async Task<long> DraftAsync(long conversationId, ChannelKind kind, string name, byte[] content)
    {
        var stored = await factory.Services.GetRequiredService<FileStore>().SaveAsync(conversationId, name, new MemoryStream(content), kind);
        Assert.Null(stored.Refusal);
        return stored.File!.Id;
    }

    private async Task<(Message Message, OutboxEntry Entry)> LoadAsync(long messageId)
    {
        await using var db = await world.CreateDbAsync();
        var entry = await db.Outbox.Include(e => e.Message).AsNoTracking().SingleAsync(e => e.MessageId == messageId);
        return (entry.Message, entry);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_the_message_is_sent_once()
    {
        var (reply, customer) = await ReplyAsync();
        twilio.Script(FakeTwilioApi.ServerError(), FakeTwilioApi.Created("SMok"));

        Assert.Equal(1, await Sender.SendDueAsync());
        var afterFirst = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Pending, DeliveryState.Pending), (afterFirst.Entry.Status, afterFirst.Message.State));
        Assert.Equal(0, await Sender.SendDueAsync()); // not due before the backoff has passed

        clock.Advance(OutboxSender.Backoff(1));
        Assert.Equal(1, await Sender.SendDueAsync());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await Sender.SendDueAsync());

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, DeliveryState.Sent, "SMok", 2), (entry.Status, message.State, message.ProviderMessageId, entry.Attempts));
        Assert.Equal(["Your parcel ships today"], twilio.Accepted.Select(m => m.Body));
        var request = twilio.Requests.Last();
        Assert.Equal((customer, "+31200000000"), (request["To"].ToString(), request["From"].ToString()));
        Assert.EndsWith("/status", request["StatusCallback"].ToString());
    }

    [Fact]
    public async Task A_reply_twilio_took_but_answered_too_late_is_found_there_and_not_sent_again()
    {
        var (reply, _) = await ReplyAsync();
        twilio.Script(FakeTwilioApi.TakenWithoutAnswer("SMtaken"));

        await Sender.SendDueAsync();
        Assert.Equal(DeliveryState.Uncertain, (await LoadAsync(reply.Id)).Message.State);
        clock.Advance(OutboxSender.Backoff(1));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, DeliveryState.Sent, "SMtaken"), (entry.Status, message.State, message.ProviderMessageId));
        Assert.Single(twilio.Requests);
        Assert.Equal(["Your parcel ships today"], twilio.Accepted.Select(m => m.Body));
    }

    [Fact]
    public async Task A_reply_lost_before_twilio_took_it_is_sent_once_more_after_checking()
    {
        var (reply, _) = await ReplyAsync();
        twilio.Script(FakeTwilioApi.Dropped(), FakeTwilioApi.Created("SMresent"));

        await Sender.SendDueAsync();
        Assert.Equal(DeliveryState.Uncertain, (await LoadAsync(reply.Id)).Message.State);
        clock.Advance(OutboxSender.Backoff(1));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, DeliveryState.Sent, "SMresent"), (entry.Status, message.State, message.ProviderMessageId));
        Assert.Equal(2, twilio.Requests.Count);
        Assert.Equal(["Your parcel ships today"], twilio.Accepted.Select(m => m.Body));
    }

    [Fact]
    public async Task While_it_is_unknown_whether_a_reply_went_out_the_agent_sees_sending_uncertain()
    {
        var (conversationId, agent) = await ClaimedConversationAsync(ChannelKind.Sms);
        await world.Lifecycle.ReplyAsync(conversationId, agent, "Your parcel ships today");
        twilio.Script(FakeTwilioApi.Dropped());

        await Sender.SendDueAsync();

        var thread = await factory.Services.GetRequiredService<ConversationReader>().ThreadAsync(conversationId, agent);
        await using var context = ConsoleComponentContext.Create();
        var cut = context.Render<ConversationThread>(p => p.Add(t => t.Entries, thread!).Add(t => t.CanRetry, true));
        var state = cut.Find("[data-testid=delivery-state]");
        Assert.Equal("Uncertain", state.GetAttribute("data-state"));
        Assert.Contains("Sending uncertain", state.OuterHtml);
        Assert.DoesNotContain("Not sent", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=retry]"));
    }

    [Fact]
    public async Task The_same_text_sent_earlier_is_not_taken_for_the_reply_whose_answer_was_lost()
    {
        var (conversationId, agent) = await ClaimedConversationAsync(ChannelKind.Sms);
        var first = (await world.Lifecycle.ReplyAsync(conversationId, agent, "Thanks!")).Message!;
        var second = (await world.Lifecycle.ReplyAsync(conversationId, agent, "Thanks!")).Message!;
        twilio.Script(FakeTwilioApi.Created("SMfirst"), FakeTwilioApi.Dropped(), FakeTwilioApi.Created("SMsecond"));

        await Sender.SendDueAsync();
        clock.Advance(OutboxSender.Backoff(1));
        await Sender.SendDueAsync();

        Assert.Equal(("SMfirst", "SMsecond"), ((await LoadAsync(first.Id)).Message.ProviderMessageId, (await LoadAsync(second.Id)).Message.ProviderMessageId));
        Assert.Equal(["Thanks!", "Thanks!"], twilio.Accepted.Select(m => m.Body));
    }

    [Fact]
    public async Task A_permanent_error_marks_the_message_failed_with_twilios_message_and_it_can_be_retried()
    {
        var (reply, _) = await ReplyAsync();
        twilio.Script(FakeTwilioApi.BadNumber());

        await Sender.SendDueAsync();
        clock.Advance(TimeSpan.FromHours(1));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Failed, DeliveryState.Failed), (entry.Status, message.State));
        Assert.Equal("The 'To' number +3100 is not a valid phone number. (Twilio error 21211)", message.FailureReason);
        Assert.Single(twilio.Requests);

        var owner = (await world.LoadAsync(message.ConversationId)).OwnerId!;
        Assert.Equal(Outcome.Done, await factory.Services.GetRequiredService<OutboxActions>().RetryAsync(reply.Id, Omnichat.Blazor.Features.Users.Viewer.Agent(owner)));
        twilio.Script(FakeTwilioApi.Created("SMsecond"));
        await Sender.SendDueAsync();
        Assert.Equal(DeliveryState.Sent, (await LoadAsync(reply.Id)).Message.State);
    }

    [Fact]
    public async Task Giving_up_after_the_last_attempt_says_why()
    {
        var (reply, _) = await ReplyAsync();
        for (var attempt = 1; attempt <= OutboxSender.MaxAttempts; attempt++)
        {
            twilio.Script(FakeTwilioApi.ServerError());
            await Sender.SendDueAsync();
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal(OutboxStatus.Failed, entry.Status);
        Assert.Contains($"gave up after {OutboxSender.MaxAttempts} attempts", message.FailureReason);
        Assert.Equal(OutboxSender.MaxAttempts, twilio.Requests.Count);
    }

    [Fact]
    public async Task Giving_up_on_a_reply_that_may_have_gone_out_says_so_and_retrying_asks_twilio_first()
    {
        var (reply, customer) = await ReplyAsync();
        for (var attempt = 1; attempt <= OutboxSender.MaxAttempts; attempt++)
        {
            twilio.Script(FakeTwilioApi.Dropped());
            await Sender.SendDueAsync();
            clock.Advance(TimeSpan.FromMinutes(10));
        }
        var (failed, _) = await LoadAsync(reply.Id);
        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.StartsWith("It is unknown whether this message went out", failed.FailureReason);

        twilio.Holds("SMlast", "+31200000000", customer, reply.Body); // the last attempt did reach Twilio after all
        var owner = (await world.LoadAsync(reply.ConversationId)).OwnerId!;
        await factory.Services.GetRequiredService<OutboxActions>().RetryAsync(reply.Id, Omnichat.Blazor.Features.Users.Viewer.Agent(owner));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, DeliveryState.Sent, "SMlast"), (entry.Status, message.State, message.ProviderMessageId));
        Assert.Equal(OutboxSender.MaxAttempts, twilio.Requests.Count);
    }

    [Theory]
    [InlineData(true, "SMbefore", 0)]
    [InlineData(false, "SMafter", 1)]
    public async Task A_send_interrupted_by_a_crash_is_checked_with_twilio_and_never_sent_twice(bool twilioTookIt, string sid, int resends)
    {
        var (reply, customer) = await ReplyAsync();
        if (twilioTookIt) twilio.Holds("SMbefore", "+31200000000", customer, reply.Body);
        await using (var db = await world.CreateDbAsync())
        {
            // The process died while handing the message to Twilio, before recording the answer.
            await db.Outbox.Where(e => e.MessageId == reply.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, OutboxStatus.Sending));
        }

        await Sender.MarkInterruptedUncertainAsync();
        Assert.Equal(DeliveryState.Uncertain, (await LoadAsync(reply.Id)).Message.State);
        twilio.Script(FakeTwilioApi.Created("SMafter"));
        await Sender.SendDueAsync();

        var (message, entry) = await LoadAsync(reply.Id);
        Assert.Equal((OutboxStatus.Sent, DeliveryState.Sent, sid), (entry.Status, message.State, message.ProviderMessageId));
        Assert.Equal(resends, twilio.Requests.Count);
        Assert.Equal(["Your parcel ships today"], twilio.Accepted.Select(m => m.Body));
    }

    [Fact]
    public async Task A_reply_with_a_picture_gives_twilio_a_short_lived_link_to_exactly_that_file()
    {
        var (conversationId, agent) = await ClaimedConversationAsync(ChannelKind.Sms);
        var picture = await DraftAsync(conversationId, ChannelKind.Sms, "map.png", FileSamples.Png());
        twilio.Script(FakeTwilioApi.Created("SMmedia"));

        var reply = await world.Lifecycle.ReplyAsync(conversationId, agent, "Here is the map", [picture]);
        await Sender.SendDueAsync();

        Assert.Equal(Outcome.Done, reply.Outcome);
        var mediaUrl = new Uri(Assert.Single(twilio.Requests.Last()["MediaUrl"].ToArray())!);
        Assert.Equal("support.example.com", mediaUrl.Host);
        using var provider = factory.CreateClient();
        var fetched = await provider.GetAsync(mediaUrl.PathAndQuery);
        Assert.Equal(FileSamples.Png(), await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", fetched.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync(mediaUrl.PathAndQuery[..^3] + "xyz")).StatusCode);
    }

    [Fact]
    public async Task Files_over_the_providers_per_message_limits_are_refused_before_sending()
    {
        var (mms, mmsAgent) = await ClaimedConversationAsync(ChannelKind.Sms);
        var eleven = new List<long>();
        for (var i = 0; i < 11; i++) eleven.Add(await DraftAsync(mms, ChannelKind.Sms, $"p{i}.png", FileSamples.Png()));
        var (whatsApp, whatsAppAgent) = await ClaimedConversationAsync(ChannelKind.WhatsApp);
        long[] two = [await DraftAsync(whatsApp, ChannelKind.WhatsApp, "a.png", FileSamples.Png()), await DraftAsync(whatsApp, ChannelKind.WhatsApp, "b.png", FileSamples.Png())];

        var tooMany = await world.Lifecycle.ReplyAsync(mms, mmsAgent, "Pictures", eleven);
        var twoOnWhatsApp = await world.Lifecycle.ReplyAsync(whatsApp, whatsAppAgent, "", two);

        Assert.Equal((Outcome.NotApplicable, "SMS/MMS carries at most 10 file(s) per message; send the others separately"), (tooMany.Outcome, tooMany.Refusal));
        Assert.Equal("WhatsApp carries at most 1 file(s) per message; send the others separately", twoOnWhatsApp.Refusal);
        Assert.DoesNotContain((await world.LoadAsync(mms)).Messages, m => m.Direction == MessageDirection.Outbound);
    }

    [Fact]
    public async Task A_delivery_status_that_arrives_before_twilios_answer_to_the_send_is_still_applied()
    {
        const string token = "00112233445566778899aabbccddeeff";
        var agent = await world.UserAsync();
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [agent]), authToken: token, simulated: false);
        var chat = await world.CustomerWritesAsync(account.Id, TestWorld.NewPhone());
        var reply = (await world.Lifecycle.ReplyAsync(chat.ConversationId, agent, "Delivered before you knew")).Message!;

        // Twilio delivered the message and called back before the console recorded the id Twilio gave it.
        var path = $"/webhooks/twilio/{account.Key}/status";
        using var client = factory.CreateClient();
        var callback = TwilioTestKit.Signed(path, new() { ["MessageSid"] = "SMquick", ["MessageStatus"] = "delivered" }, token, "https://support.example.com" + path);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(callback)).StatusCode);
        await world.ProcessInboundAsync();
        Assert.Equal(DeliveryState.Pending, (await world.LoadAsync(chat.ConversationId)).Messages.Single(m => m.Id == reply.Id).State);

        twilio.Script(FakeTwilioApi.Created("SMquick"));
        await Sender.SendDueAsync();
        await world.ProcessInboundAsync();

        var message = (await world.LoadAsync(chat.ConversationId)).Messages.Single(m => m.Id == reply.Id);
        Assert.Equal(("SMquick", DeliveryState.Delivered), (message.ProviderMessageId, message.State));
    }
}
