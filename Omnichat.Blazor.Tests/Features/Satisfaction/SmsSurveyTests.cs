using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Channels;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Satisfaction;

/// <summary>Behind the public address Twilio signs for, with a clock the tests move and the inbound processor driven by hand.</summary>
public sealed class SurveyAppFixture : AppFixture
{
    public SurveyAppFixture() => Factory = new OmnichatAppFactory
    {
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow),
        RunBackgroundWorkers = false,
        Settings = { ["Omnichat:PublicBaseUrl"] = BehindProxyAppFixture.PublicBase },
    };
}

public class SmsSurveyTests(SurveyAppFixture app) : IClassFixture<SurveyAppFixture>
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private const string SurveyName = "After dealt with";
    private readonly TestWorld world = app.World;
    private readonly FakeTimeProvider clock = app.Factory.Clock!;

    /// <summary>An SMS channel that sends the survey, and its agent.</summary>
    private async Task<(ChannelAccount Account, Viewer Agent)> SurveyingChannelAsync()
    {
        var templates = app.Factory.Services.GetRequiredService<TemplateService>();
        await using (var db = await world.CreateDbAsync())
        {
            if (!await db.MessageTemplates.AnyAsync(t => t.Name == SurveyName))
            {
                Assert.Empty(await templates.SaveAsync(new MessageTemplate { Name = SurveyName, Language = "en", Body = "How did we do? Reply with a number from 1 (poor) to 5 (great)." }));
                Assert.Empty(await templates.SaveAsync(new MessageTemplate { Name = SurveyName, Language = "nl", Body = "Hoe hebben we het gedaan? Antwoord met een cijfer van 1 (slecht) tot 5 (top)." }));
            }
        }
        var agent = await world.UserAsync();
        var queueId = await world.QueueAsync(AssignmentStrategy.All, [agent]);
        var account = await world.TwilioAccountAsync(queueId, authToken: Token);
        var admin = app.Factory.Services.GetRequiredService<ChannelAdmin>();
        Assert.Null(await admin.UpdateAsync(account.Id, new ChannelSettings(account.Kind, account.Key, account.Name, account.Address, queueId,
            account.ProviderAccountId, null, account.IsSimulated, SurveyTemplateName: SurveyName)));
        return (account, agent);
    }

    /// <summary>A customer's SMS as Twilio posts it, signed, then processed as the background worker would.</summary>
    private async Task CustomerTextsAsync(ChannelAccount account, string from, string body)
    {
        using var client = app.Factory.CreateClient();
        var response = await client.SendAsync(TwilioTestKit.Signed($"/webhooks/twilio/{account.Key}", TwilioTestKit.IncomingSms(from, body), Token,
            $"{BehindProxyAppFixture.PublicBase}/webhooks/twilio/{account.Key}"));
        response.EnsureSuccessStatusCode();
        await world.ProcessInboundAsync();
    }

    private async Task<List<Conversation>> ConversationsOnAsync(ChannelAccount account)
    {
        await using var db = await world.CreateDbAsync();
        return await db.Conversations.Include(c => c.Messages).AsNoTracking().Where(c => c.ChannelAccountId == account.Id).OrderBy(c => c.Id).ToListAsync();
    }

    /// <summary>The customer writes, the agent answers and marks it dealt with: the survey goes out in the contact's language.</summary>
    private async Task<Conversation> DealtWithAsync(ChannelAccount account, Viewer agent, string phone, string language)
    {
        await CustomerTextsAsync(account, phone, "My invoice is wrong.");
        var conversation = (await ConversationsOnAsync(account)).Single();
        await using (var db = await world.CreateDbAsync())
            await db.Contacts.Where(c => c.Id == conversation.ContactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Language, language));
        await world.Lifecycle.ReplyAsync(conversation.Id, agent, "Corrected, sorry about that.");
        Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(conversation.Id, agent));
        return conversation;
    }

    [Fact]
    public async Task A_reply_of_1_to_5_is_the_score_of_the_dealt_with_conversation_and_opens_no_new_one()
    {
        var (account, agent) = await SurveyingChannelAsync();
        var phone = TestWorld.NewPhone();
        var conversation = await DealtWithAsync(account, agent, phone, "nl");

        var survey = (await ConversationsOnAsync(account)).Single().Messages.OrderBy(m => m.Id).Last();
        Assert.Equal((MessageDirection.Outbound, "Hoe hebben we het gedaan? Antwoord met een cijfer van 1 (slecht) tot 5 (top)."), (survey.Direction, survey.Body));
        await using (var db = await world.CreateDbAsync())
            Assert.True(await db.Outbox.AnyAsync(o => o.MessageId == survey.Id));

        clock.Advance(TimeSpan.FromHours(23));
        var announced = new List<ConversationChanged>();
        using (world.Bus.Subscribe(change => { lock (announced) announced.Add(change); }))
            await CustomerTextsAsync(account, phone, " 4 ");

        // Announced as a score, so the owner is not notified of a "customer message" in a closed chat.
        Assert.Equal([ConversationChange.Rated], announced.Where(c => c.ConversationId == conversation.Id).Select(c => c.Change));

        var after = Assert.Single(await ConversationsOnAsync(account));
        Assert.Equal((ConversationStatus.DealtWith, " 4 "), (after.Status, after.Messages.OrderBy(m => m.Id).Last().Body));
        await using var check = await world.CreateDbAsync();
        var rating = await check.SatisfactionRatings.SingleAsync(r => r.ConversationId == conversation.Id);
        Assert.Equal((4, ChannelKind.Sms, (string?)null), (rating.Score, rating.Channel, rating.Comment));
        var agentSees = await app.Factory.Services.GetRequiredService<ConversationReader>().DetailAsync(conversation.Id, agent);
        Assert.Equal(4, agentSees!.Rating!.Score);
    }

    [Fact]
    public async Task A_reply_after_24_hours_opens_a_conversation_as_any_message_does()
    {
        var (account, agent) = await SurveyingChannelAsync();
        var phone = TestWorld.NewPhone();
        var conversation = await DealtWithAsync(account, agent, phone, "en");
        Assert.Equal("How did we do? Reply with a number from 1 (poor) to 5 (great).",
            (await ConversationsOnAsync(account)).Single().Messages.OrderBy(m => m.Id).Last().Body);

        clock.Advance(TimeSpan.FromHours(25));
        await CustomerTextsAsync(account, phone, "5");

        var conversations = await ConversationsOnAsync(account);
        Assert.Equal(2, conversations.Count);
        Assert.Equal((ConversationStatus.Open, "5"), (conversations[1].Status, conversations[1].Messages.Single().Body));
        await using var db = await world.CreateDbAsync();
        Assert.False(await db.SatisfactionRatings.AnyAsync(r => r.ConversationId == conversation.Id));
    }

    [Fact]
    public async Task Any_other_reply_to_the_survey_opens_a_conversation_as_today()
    {
        var (account, agent) = await SurveyingChannelAsync();
        var phone = TestWorld.NewPhone();
        await DealtWithAsync(account, agent, phone, "en");

        await CustomerTextsAsync(account, phone, "Actually, one more question");

        var conversations = await ConversationsOnAsync(account);
        Assert.Equal(2, conversations.Count);
        Assert.Equal("Actually, one more question", conversations[1].Messages.Single().Body);
    }

    [Fact]
    public async Task A_channel_cannot_name_a_survey_template_that_does_not_exist()
    {
        var (account, _) = await SurveyingChannelAsync();
        var admin = app.Factory.Services.GetRequiredService<ChannelAdmin>();

        var error = await admin.UpdateAsync(account.Id, new ChannelSettings(account.Kind, account.Key, account.Name, account.Address, account.QueueId,
            account.ProviderAccountId, null, account.IsSimulated, SurveyTemplateName: "No such template"));

        Assert.Equal("There is no template called No such template to send as the satisfaction survey.", error);
        await using var db = await world.CreateDbAsync();
        Assert.Equal(SurveyName, await db.ChannelAccounts.Where(a => a.Id == account.Id).Select(a => a.SurveyTemplateName).SingleAsync());
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData(" 5. ", 5)]
    [InlineData("0", null)]
    [InlineData("6", null)]
    [InlineData("45", null)]
    [InlineData("4 stars", null)]
    public void Only_a_lone_digit_from_1_to_5_is_a_score(string reply, int? score) => Assert.Equal(score, SatisfactionSurveys.ScoreOf(reply));
}
