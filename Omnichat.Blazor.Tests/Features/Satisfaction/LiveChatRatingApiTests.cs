using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Tests.Features.Channels.LiveChat;

namespace Omnichat.Blazor.Tests.Features.Satisfaction;

/// <summary>The widget's "How did we do?" endpoint: asked only after the agent closed the chat, once, with checked input.</summary>
public class LiveChatRatingApiTests(LiveChatAppFixture fixture) : LiveChatTestBase(fixture.App), IClassFixture<LiveChatAppFixture>
{
    private static Task<HttpResponseMessage> RateAsync(Visitor visitor, object rating) =>
        visitor.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/livechat/{visitor.SiteKey}/rating")
        {
            Content = JsonContent.Create(rating),
            Headers = { Authorization = new("Bearer", visitor.Token) },
        });

    private static async Task<JsonElement> SurveyAsync(Visitor visitor)
    {
        var response = await visitor.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/livechat/{visitor.SiteKey}/rating")
        {
            Headers = { Authorization = new("Bearer", visitor.Token) },
        });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<SatisfactionRating?> RatingOfAsync(long conversationId)
    {
        await using var db = await World.CreateDbAsync();
        return await db.SatisfactionRatings.AsNoTracking().SingleOrDefaultAsync(r => r.ConversationId == conversationId);
    }

    [Fact]
    public async Task A_visitor_rates_a_chat_once_after_it_was_dealt_with_and_bad_input_is_refused_without_a_trace()
    {
        var (site, agent) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        await visitor.SendAsync("Where is my order?");
        var conversation = await ConversationOfAsync(site);
        await World.Lifecycle.ReplyAsync(conversation.Id, agent, "On its way.");

        // While the chat is open there is nothing to rate. (The fixture allows a visitor 5 posts a minute; ratings count.)
        Assert.False((await SurveyAsync(visitor)).GetProperty("ask").GetBoolean());

        await World.Lifecycle.MarkDealtWithAsync(conversation.Id, agent);
        Assert.True((await SurveyAsync(visitor)).GetProperty("ask").GetBoolean());

        var tooHigh = await RateAsync(visitor, new { score = 6 });
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        Assert.Equal("Choose a score from 1 to 5.", (await tooHigh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        var tooLong = await RateAsync(visitor, new { score = 4, comment = new string('x', SatisfactionRating.MaxCommentLength + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Null(await RatingOfAsync(conversation.Id));

        Assert.Equal(HttpStatusCode.OK, (await RateAsync(visitor, new { score = 4, comment = "  Quick and friendly.  " })).StatusCode);
        var rating = await RatingOfAsync(conversation.Id);
        Assert.Equal((4, "Quick and friendly.", ChannelKind.LiveChat), (rating!.Score, rating.Comment, rating.Channel));

        // One rating per conversation: a second answer changes nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await RateAsync(visitor, new { score = 1 })).StatusCode);
        Assert.Equal(4, (await RatingOfAsync(conversation.Id))!.Score);
        var survey = await SurveyAsync(visitor);
        Assert.Equal((false, 4), (survey.GetProperty("ask").GetBoolean(), survey.GetProperty("score").GetInt32()));
    }

    [Fact]
    public async Task The_token_of_a_session_the_agent_ended_still_rates_that_chat_but_opens_nothing_else()
    {
        var (site, agent) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        await visitor.SendAsync("Can I return this?");
        var conversation = await ConversationOfAsync(site);
        await World.Lifecycle.ReplyAsync(conversation.Id, agent, "Yes, within 30 days.");

        await World.Lifecycle.EndSessionAsync(conversation.Id, agent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.SendAsync("One more thing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RateAsync(visitor, new { score = 2 })).StatusCode);
        Assert.Equal(2, (await RatingOfAsync(conversation.Id))!.Score);
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);

        var response = await RateAsync(visitor with { Token = "forged" }, new { score = 5 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
