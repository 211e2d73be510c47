using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>
/// Meta's 24-hour customer-service window on a fake clock: shown while open, free-form replies refused up front once
/// closed (without claiming), approved templates offered and sent to the Cloud API and Twilio, and Messenger's HUMAN_AGENT tag.
/// </summary>
public sealed class ReplyWindowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);
    private FakeGraphApi graph = null!;
    private FakeTwilioApi twilio = null!;
    private OmnichatAppFactory factory = null!;
    private TestWorld world = null!;

    public async Task InitializeAsync()
    {
        graph = await FakeGraphApi.StartAsync();
        twilio = await FakeTwilioApi.StartAsync();
        twilio.Clock = clock;
        factory = new OmnichatAppFactory
        {
            Clock = clock,
            RunBackgroundWorkers = false,
            Settings =
            {
                ["Omnichat:Meta:GraphBaseUrl"] = graph.BaseUrl, ["Omnichat:Meta:GraphVersion"] = FakeGraphApi.Version,
                ["Omnichat:Twilio:ApiBaseUrl"] = twilio.BaseUrl, ["Omnichat:PublicBaseUrl"] = "https://support.example.com",
            },
        };
        world = new TestWorld(factory.Services);
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await graph.DisposeAsync();
        await twilio.DisposeAsync();
    }

    private ConversationReader Reader => factory.Services.GetRequiredService<ConversationReader>();
    private OutboxSender Sender => factory.Services.GetRequiredService<OutboxSender>();
    private static readonly TemplateContext Context = new("Maria Jansen", "Anna de Vries", "Support");

    /// <summary>A customer's message on a channel of <paramref name="kind"/> through <paramref name="provider"/>, now (<see cref="Start"/>).</summary>
    private async Task<(long ConversationId, Viewer Agent)> CustomerWroteAsync(ChannelKind kind, ChannelProvider provider, bool humanAgentTag = false)
    {
        var agent = await world.UserAsync();
        var queue = await world.QueueAsync(AssignmentStrategy.All, [agent]);
        var account = provider == ChannelProvider.Meta
            ? await world.MetaAccountAsync(queue, kind, useHumanAgentTag: humanAgentTag)
            : await world.TwilioAccountAsync(queue, kind, simulated: false);
        var (identity, customer) = kind == ChannelKind.Facebook ? (IdentityKind.Messenger, "1254477777772919") : (IdentityKind.WhatsApp, "+31687654321");
        var chat = await world.Intake.ReceiveAsync(new InboundMessage(account.Id, identity, customer, "Maria Jansen", "Is my order ready?"));
        return (chat.ConversationId, agent);
    }

    private async Task<int> TemplateAsync(string name, string? cloudName = null, string? contentSid = null)
    {
        var templates = factory.Services.GetRequiredService<TemplateService>();
        Assert.Empty(await templates.SaveAsync(new MessageTemplate
        {
            Name = name, Language = "en", Body = "Hello {contact.first_name}, your order at {queue.name} is ready.",
            WhatsAppTemplateName = cloudName, WhatsAppTemplateLanguage = cloudName is null ? null : "en_US", TwilioContentSid = contentSid,
        }));
        return (await templates.ListAsync()).Single(t => t.Name == name).Id;
    }

    [Fact]
    public async Task Inside_the_window_the_time_left_counts_from_the_customers_last_message_and_a_reply_goes_out()
    {
        var (conversationId, agent) = await CustomerWroteAsync(ChannelKind.WhatsApp, ChannelProvider.Meta);
        clock.Advance(TimeSpan.FromHours(23));

        var (window, templates) = await Reader.ReplyWindowAsync(conversationId);

        Assert.Equal(new ReplyWindow(ReplyWindowState.Open, Start.UtcDateTime.AddHours(24)), window);
        Assert.Empty(templates);
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(conversationId, agent, "Yes, it ships today.")).Outcome);
    }

    [Theory]
    [InlineData(ChannelKind.WhatsApp, ChannelProvider.Meta)]
    [InlineData(ChannelKind.WhatsApp, ChannelProvider.Twilio)]
    [InlineData(ChannelKind.Facebook, ChannelProvider.Meta)]
    public async Task Outside_the_window_a_free_form_reply_is_refused_up_front_and_does_not_claim(ChannelKind kind, ChannelProvider provider)
    {
        var (conversationId, agent) = await CustomerWroteAsync(kind, provider);
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var result = await world.Lifecycle.ReplyAsync(conversationId, agent, "Sorry for the wait!");

        Assert.Equal(Outcome.WindowClosed, result.Outcome);
        await using var db = await world.CreateDbAsync();
        Assert.Null((await db.Conversations.SingleAsync(c => c.Id == conversationId)).OwnerId);
        Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound));
        Assert.False(await db.Outbox.AnyAsync());
    }

    [Theory]
    [InlineData(ChannelProvider.Meta, "cloud only")]
    [InlineData(ChannelProvider.Twilio, "twilio only")]
    public async Task Outside_the_window_whatsapp_offers_the_templates_approved_at_its_provider(ChannelProvider provider, string offered)
    {
        await TemplateAsync("cloud only", cloudName: "order_ready");
        await TemplateAsync("twilio only", contentSid: "HX" + new string('a', 32));
        await TemplateAsync("not approved");
        var (conversationId, _) = await CustomerWroteAsync(ChannelKind.WhatsApp, provider);
        clock.Advance(TimeSpan.FromHours(25));

        var (window, templates) = await Reader.ReplyWindowAsync(conversationId);

        Assert.Equal(ReplyWindowState.TemplatesOnly, window.State);
        Assert.Equal([offered], templates.Select(t => t.Name));
    }

    [Fact]
    public async Task A_template_goes_to_the_cloud_api_as_a_template_message_with_the_placeholders_as_body_parameters()
    {
        var templateId = await TemplateAsync("Order ready", cloudName: "order_ready");
        var (conversationId, agent) = await CustomerWroteAsync(ChannelKind.WhatsApp, ChannelProvider.Meta);
        clock.Advance(TimeSpan.FromDays(3));
        graph.Script(FakeGraphApi.WhatsAppAccepted("wamid.template1"));

        var result = await world.Lifecycle.SendTemplateAsync(conversationId, agent, templateId, Context, "missing");
        await Sender.SendDueAsync();

        Assert.Equal(("Hello Maria, your order at Support is ready.", DeliveryState.Pending), (result.Message!.Body, result.Message.State));
        var sent = Assert.Single(graph.Requests).Body;
        Assert.Equal(("whatsapp", "31687654321", "template"), ((string?)sent["messaging_product"], (string?)sent["to"], (string?)sent["type"]));
        Assert.Equal(("order_ready", "en_US"), ((string?)sent["template"]!["name"], (string?)sent["template"]!["language"]!["code"]));
        var body = sent["template"]!["components"]![0]!;
        Assert.Equal("body", (string?)body["type"]);
        Assert.Equal([("text", "Maria"), ("text", "Support")], body["parameters"]!.AsArray().Select(p => ((string?)p!["type"], (string?)p["text"])));
        await using var db = await world.CreateDbAsync();
        Assert.Equal(agent.UserId, (await db.Conversations.SingleAsync(c => c.Id == conversationId)).OwnerId);
        Assert.Equal("wamid.template1", (await db.Messages.SingleAsync(m => m.Id == result.Message.Id)).ProviderMessageId);
    }

    [Fact]
    public async Task A_template_goes_to_twilio_as_its_content_sid_with_numbered_content_variables()
    {
        var contentSid = "HX" + new string('b', 32);
        var templateId = await TemplateAsync("Order ready", contentSid: contentSid);
        var (conversationId, agent) = await CustomerWroteAsync(ChannelKind.WhatsApp, ChannelProvider.Twilio);
        clock.Advance(TimeSpan.FromDays(3));
        twilio.Script(FakeTwilioApi.Created("SM" + new string('c', 32)));

        Assert.Equal(Outcome.Done, (await world.Lifecycle.SendTemplateAsync(conversationId, agent, templateId, Context, "missing")).Outcome);
        await Sender.SendDueAsync();

        var form = Assert.Single(twilio.Requests);
        Assert.Equal((contentSid, "whatsapp:+31687654321"), (form["ContentSid"].ToString(), form["To"].ToString()));
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Maria", ["2"] = "Support" },
            JsonSerializer.Deserialize<Dictionary<string, string>>(form["ContentVariables"].ToString()));
        Assert.False(form.ContainsKey("Body"));
    }

    [Fact]
    public async Task A_template_needing_a_value_the_conversation_lacks_is_refused_and_does_not_claim()
    {
        var templateId = await TemplateAsync("Order ready", cloudName: "order_ready");
        var (conversationId, agent) = await CustomerWroteAsync(ChannelKind.WhatsApp, ChannelProvider.Meta);
        clock.Advance(TimeSpan.FromDays(2));

        var result = await world.Lifecycle.SendTemplateAsync(conversationId, agent, templateId, Context with { QueueName = null }, "missing a value");

        Assert.Equal((Outcome.NotApplicable, "missing a value"), (result.Outcome, result.Refusal));
        await using var db = await world.CreateDbAsync();
        Assert.Null((await db.Conversations.SingleAsync(c => c.Id == conversationId)).OwnerId);
    }

    [Fact]
    public async Task Messenger_replies_after_24_hours_with_the_human_agent_tag_for_7_days_when_the_channel_has_it()
    {
        var (conversationId, agent) = await CustomerWroteAsync(ChannelKind.Facebook, ChannelProvider.Meta, humanAgentTag: true);
        clock.Advance(TimeSpan.FromDays(2));
        graph.Script(FakeGraphApi.MessengerAccepted("m_tagged"));

        Assert.Equal(new ReplyWindow(ReplyWindowState.HumanAgentTag, Start.UtcDateTime.AddDays(7)), (await Reader.ReplyWindowAsync(conversationId)).Window);
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(conversationId, agent, "Sorry for the wait!")).Outcome);
        await Sender.SendDueAsync();

        var sent = Assert.Single(graph.Requests).Body;
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), ((string?)sent["messaging_type"], (string?)sent["tag"]));

        clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(ReplyWindowState.Closed, (await Reader.ReplyWindowAsync(conversationId)).Window.State);
        Assert.Equal(Outcome.WindowClosed, (await world.Lifecycle.ReplyAsync(conversationId, agent, "Still there?")).Outcome);
    }
}
