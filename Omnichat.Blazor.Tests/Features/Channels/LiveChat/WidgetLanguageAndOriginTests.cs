using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels.LiveChat;

/// <summary>The widget's words come in the visitor's language, replies name their agent, and a foreign page is refused kindly.</summary>
public class WidgetLanguageAndOriginTests(LiveChatAppFixture fixture) : LiveChatTestBase(fixture.App), IClassFixture<LiveChatAppFixture>
{
    [Fact]
    public async Task The_widget_settings_carry_its_words_in_the_requested_language()
    {
        var (site, _) = await SiteAsync();
        using var http = Client();

        var dutch = await http.GetFromJsonAsync<JsonElement>($"/livechat/{site.Key}/config?culture=nl-NL");
        var english = await http.GetFromJsonAsync<JsonElement>($"/livechat/{site.Key}/config?culture=fr");

        Assert.Equal("nl", dutch.GetProperty("language").GetString());
        Assert.Equal("Chat met ons", dutch.GetProperty("texts").GetProperty("Open").GetString());
        Assert.Equal("{0} typt…", dutch.GetProperty("texts").GetProperty("Typing").GetString());
        Assert.Equal("en", english.GetProperty("language").GetString());
        Assert.Equal("Chat with us", english.GetProperty("texts").GetProperty("Open").GetString());
    }

    [Fact]
    public async Task A_reply_in_the_visitors_thread_names_the_agent_who_wrote_it()
    {
        var (site, agent) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        await visitor.SendAsync("Is the shop open on Sunday?");
        var conversation = await ConversationOfAsync(site);
        await World.Lifecycle.ReplyAsync(conversation.Id, agent, "Yes, from noon.");

        var messages = (await visitor.ThreadAsync()).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(JsonValueKind.Null, messages[0].GetProperty("agent").ValueKind);
        Assert.Equal((await World.ProfileAsync(agent)).DisplayName, messages[1].GetProperty("agent").GetString());
    }

    [Fact]
    public async Task A_page_on_another_origin_reads_a_friendly_refusal_in_its_language_and_the_site_notes_the_origin()
    {
        var (site, _) = await SiteAsync();
        using var foreign = Client(origin: "https://copycat.example.test");

        var refused = await foreign.GetAsync($"/livechat/{site.Key}/config?culture=nl");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // The page may read the refusal (a plain GET), so the widget can show it.
        Assert.Equal("https://copycat.example.test", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("origin", body.GetProperty("error").GetString());
        Assert.Equal("Chat is niet beschikbaar op deze pagina.", body.GetProperty("message").GetString());
        Assert.DoesNotContain("copycat", body.GetProperty("message").GetString());
        await using var db = await World.CreateDbAsync();
        var noted = await db.LiveChatSites.SingleAsync(s => s.ChannelAccountId == site.Id);
        Assert.Equal("https://copycat.example.test", noted.LastRefusedOrigin);
        Assert.NotNull(noted.LastRefusedAt);
    }

    [Fact]
    public async Task The_visitors_typing_reaches_the_agents_of_their_conversation_and_a_flood_of_typing_is_refused()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        await visitor.SendAsync("Hello");
        var conversation = await ConversationOfAsync(site);
        var signals = new List<TypingSignal>();
        using var subscription = App.Factory.Services.GetRequiredService<ColleagueTyping>().Subscribe(signal => { lock (signals) signals.Add(signal); });

        Assert.Equal(HttpStatusCode.NoContent, (await TypingAsync(visitor)).StatusCode);

        lock (signals) Assert.Contains(signals, s => s.ConversationId == conversation.Id && s.DisplayName == "Vera" && !s.Stopped);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) answers.Add((await TypingAsync(visitor)).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
    }

    private static Task<HttpResponseMessage> TypingAsync(Visitor visitor) =>
        visitor.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/livechat/{visitor.SiteKey}/typing") { Headers = { Authorization = new("Bearer", visitor.Token) } });
}
