using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.E2E;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels.LiveChat;

/// <summary>The live app on Kestrel, so client addresses are real; loopback is the one trusted proxy.</summary>
public sealed class LiveChatAppFixture : IAsyncLifetime
{
    public LiveApp App { get; } = new(new()
    {
        ["Omnichat:ReverseProxy:TrustedProxies:0"] = "127.0.0.1",
        ["Omnichat:LiveChat:MessagesPerMinutePerVisitor"] = "5",
        ["Omnichat:LiveChat:OpenStreamsPerVisitor"] = "2",
        ["Omnichat:LiveChat:OpenStreamsPerIp"] = "3",
        ["Omnichat:LiveChat:MaxMessageLength"] = "500",
        // These tests start many sessions from loopback; the cap has its own tests.
        ["Omnichat:LiveChat:NewSessionsPerIpPerHour"] = "10000",
        ["Omnichat:Files:Limits:LiveChat:DocumentMegabytes"] = "1",
    });

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>A live app's visitor side: sites, visitors with their token, and the conversation they started.</summary>
public abstract class LiveChatTestBase(LiveApp app)
{
    public const string SiteOrigin = "https://shop.example.test";
    protected LiveApp App => app;
    protected TestWorld World => app.World;

    protected sealed record Visitor(HttpClient Http, string SiteKey, string Token) : IDisposable
    {
        public Task<HttpResponseMessage> SendAsync(string text) =>
            Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/livechat/{SiteKey}/messages")
            {
                Content = JsonContent.Create(new { text, clientId = Guid.NewGuid().ToString("N") }),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
            });

        public Task<HttpResponseMessage> UploadAsync(string name, byte[] content)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
            return Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/livechat/{SiteKey}/files")
            {
                Content = form,
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
            });
        }

        public async Task<JsonElement> ThreadAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/livechat/{SiteKey}/messages") { Headers = { Authorization = new("Bearer", Token) } };
            var response = await Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        /// <summary>A single-use ticket for one live-update stream, fetched with the token in a header as the widget does.</summary>
        public async Task<HttpResponseMessage> StreamTicketAsync() =>
            await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/livechat/{SiteKey}/stream-tickets") { Headers = { Authorization = new("Bearer", Token) } });

        public async Task<HttpResponseMessage> OpenStreamAsync()
        {
            var ticket = await StreamTicketAsync();
            ticket.EnsureSuccessStatusCode();
            return await OpenStreamAsync((await ticket.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!);
        }

        public Task<HttpResponseMessage> OpenStreamAsync(string ticket) =>
            Http.GetAsync($"/livechat/{SiteKey}/events?ticket={Uri.EscapeDataString(ticket)}", HttpCompletionOption.ResponseHeadersRead);

        public void Dispose() => Http.Dispose();
    }

    protected async Task<(ChannelAccount Site, Viewer Agent)> SiteAsync()
    {
        var agent = await World.UserAsync();
        var queue = await World.QueueAsync(AssignmentStrategy.All, [agent]);
        var services = app.Factory.Services;
        var (account, error) = await services.GetRequiredService<ChannelAdmin>()
            .CreateAsync(new ChannelSettings(ChannelKind.LiveChat, $"site-{Guid.NewGuid():N}", "Shop", SiteOrigin, queue));
        Assert.Null(error);
        Assert.Null(await services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = account!.Id, AllowedOrigins = SiteOrigin }));
        return (account, agent);
    }

    protected HttpClient Client(string? forwardedFor = null, string origin = SiteOrigin)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Add("Origin", origin);
        if (forwardedFor is not null) http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return http;
    }

    protected async Task<Visitor> VisitorAsync(ChannelAccount site, string? forwardedFor = null, string? name = "Vera")
    {
        var http = Client(forwardedFor);
        var response = await http.PostAsJsonAsync($"/livechat/{site.Key}/sessions", new { name, email = "vera@example.test" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return new Visitor(http, site.Key, token);
    }

    protected async Task<Conversation> ConversationOfAsync(ChannelAccount site)
    {
        await using var db = await World.CreateDbAsync();
        return await db.Conversations.Include(c => c.Messages).Include(c => c.Contact).OrderByDescending(c => c.Id).FirstAsync(c => c.ChannelAccountId == site.Id);
    }
}

public class LiveChatApiTests(LiveChatAppFixture fixture) : LiveChatTestBase(fixture.App), IClassFixture<LiveChatAppFixture>
{
    private readonly LiveApp app = fixture.App;

    [Fact]
    public async Task A_visitor_message_reaches_the_queue_and_the_agents_reply_comes_back_in_the_thread()
    {
        var (site, agent) = await SiteAsync();
        using var visitor = await VisitorAsync(site);

        Assert.Equal(HttpStatusCode.OK, (await visitor.SendAsync("Do you have size 42?")).StatusCode);
        var conversation = await ConversationOfAsync(site);
        Assert.Equal((ChannelKind.LiveChat, "Vera", "vera@example.test"), (conversation.Channel, conversation.Contact!.Name, conversation.Contact.Email));
        await World.Lifecycle.ReplyAsync(conversation.Id, agent, "Yes, in black and blue.");

        var thread = await visitor.ThreadAsync();
        Assert.Equal("open", thread.GetProperty("state").GetString());
        Assert.Equal(["Do you have size 42?", "Yes, in black and blue."], thread.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Cors_answers_only_the_sites_own_origins_and_a_foreign_page_cannot_post()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);

        using var allowed = Client();
        var preflight = await allowed.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"/livechat/{site.Key}/messages")
        {
            Headers = { { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "authorization,content-type" } },
        });
        Assert.Equal(SiteOrigin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var foreign = Client(origin: "https://evil.example.test");
        var foreignPreflight = await foreign.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"/livechat/{site.Key}/messages")
        {
            Headers = { { "Access-Control-Request-Method", "POST" } },
        });
        Assert.False(foreignPreflight.Headers.Contains("Access-Control-Allow-Origin"));

        var foreignPost = await new Visitor(foreign, site.Key, visitor.Token).SendAsync("Phish");
        Assert.Equal(HttpStatusCode.Forbidden, foreignPost.StatusCode);
        Assert.Equal("origin", (await foreignPost.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        await using var db = await World.CreateDbAsync();
        Assert.False(await db.Messages.AnyAsync(m => m.Body == "Phish"));
    }

    [Fact]
    public async Task Too_many_messages_are_answered_with_429_and_a_reason()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++) statuses.Add((last = await visitor.SendAsync($"Message {i}")).StatusCode);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("wait", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(5, (await ConversationOfAsync(site)).Messages.Count);
    }

    [Fact]
    public async Task Overlong_and_empty_messages_are_refused_with_the_reason()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);

        var overlong = await visitor.SendAsync(new string('a', 501));
        var empty = await visitor.SendAsync("   ");

        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
        Assert.Equal("Messages can be at most 500 characters.", (await overlong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_script_tag_is_kept_as_plain_text()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        const string script = "<script>alert('x')</script>";

        await visitor.SendAsync(script);

        var thread = await visitor.ThreadAsync();
        Assert.Equal(script, thread.GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal(script, (await ConversationOfAsync(site)).Messages.Single().Body);
    }

    [Fact]
    public async Task A_visitor_file_is_checked_and_kept_and_oversized_or_disguised_files_are_refused_with_the_reason()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site);

        var accepted = await visitor.UploadAsync("invoice.pdf", Files.FileSamples.Pdf());
        var disguised = await visitor.UploadAsync("invoice2.pdf", [.. "MZ"u8, .. new byte[500]]);
        var oversized = await visitor.UploadAsync("big.pdf", Files.FileSamples.Padded(Files.FileSamples.Pdf(), 1_500_000));
        var executable = await visitor.UploadAsync("setup.exe", [.. "MZ"u8, .. new byte[10]]);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        async Task<string?> ReasonAsync(HttpResponseMessage response) =>
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
        Assert.Equal((HttpStatusCode.BadRequest, "invoice2.pdf is not a PDF"), (disguised.StatusCode, await ReasonAsync(disguised)));
        Assert.Equal((HttpStatusCode.BadRequest, "big.pdf is 1.5 MB; Live chat allows 1 MB"), (oversized.StatusCode, await ReasonAsync(oversized)));
        Assert.Equal((HttpStatusCode.BadRequest, "setup.exe is not an allowed type"), (executable.StatusCode, await ReasonAsync(executable)));

        var thread = await visitor.ThreadAsync();
        Assert.Equal(["invoice.pdf"], thread.GetProperty("messages").EnumerateArray().SelectMany(m => m.GetProperty("files").EnumerateArray()).Select(f => f.GetString()));
        await using var db = await World.CreateDbAsync();
        var conversation = await ConversationOfAsync(site);
        Assert.Equal(["invoice.pdf"], await db.StoredFiles.Where(f => f.ConversationId == conversation.Id).Select(f => f.OriginalName).ToListAsync());
    }

    [Fact]
    public async Task A_forged_or_missing_token_is_refused()
    {
        var (site, _) = await SiteAsync();
        using var http = Client();

        var response = await new Visitor(http, site.Key, "not-a-token").SendAsync("Hi");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Blocking_uses_the_address_a_trusted_proxy_forwarded_and_refuses_it_everywhere()
    {
        var (site, agent) = await SiteAsync();
        using var blockedVisitor = await VisitorAsync(site, forwardedFor: "203.0.113.7");
        await blockedVisitor.SendAsync("Spam spam spam");
        var conversation = await ConversationOfAsync(site);

        Assert.Equal(Outcome.Done, await app.Factory.Services.GetRequiredService<BlockList>().BlockVisitorAsync(conversation.Id, agent));

        var refused = await blockedVisitor.SendAsync("Let me in");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("blocked", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var sameIp = Client(forwardedFor: "203.0.113.7");
        Assert.Equal(HttpStatusCode.Forbidden, (await sameIp.GetAsync($"/livechat/{site.Key}/config")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sameIp.PostAsJsonAsync($"/livechat/{site.Key}/sessions", new { name = "Again" })).StatusCode);
        // Other visitors, and the proxy itself, are unaffected.
        using var other = await VisitorAsync(site, forwardedFor: "203.0.113.8");
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync("Hello")).StatusCode);
        using var direct = Client();
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"/livechat/{site.Key}/config")).StatusCode);

        await using var db = await World.CreateDbAsync();
        var block = await db.BlockedIps.SingleAsync(b => b.ConversationId == conversation.Id);
        Assert.Equal(("203.0.113.7", agent.UserId), (block.Ip, block.BlockedById));
    }

    [Fact]
    public async Task Ending_the_session_tells_the_visitor_and_the_next_message_starts_a_new_chat()
    {
        var (site, agent) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        await visitor.SendAsync("Thanks, that's all");
        var first = await ConversationOfAsync(site);
        await World.Lifecycle.ClaimAsync(first.Id, agent);

        Assert.Equal(Outcome.Done, await World.Lifecycle.EndSessionAsync(first.Id, agent));
        // The session's token went with it: the widget hears its session is over and starts a new one.
        var ended = await visitor.SendAsync("Are you still there?");
        Assert.Equal((HttpStatusCode.Unauthorized, "session"), (ended.StatusCode, (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.StreamTicketAsync()).StatusCode);

        using var again = await VisitorAsync(site);
        Assert.Equal(HttpStatusCode.OK, (await again.SendAsync("One more thing")).StatusCode);
        var second = await ConversationOfAsync(site);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("open", (await again.ThreadAsync()).GetProperty("state").GetString());
        Assert.Equal(["One more thing"], second.Messages.Select(m => m.Body));
    }

    [Fact]
    public async Task An_ended_chat_leaves_Recent_and_is_listed_in_the_archive_like_a_dealt_with_one()
    {
        var (site, agent) = await SiteAsync();
        using var visitor = await VisitorAsync(site);
        await visitor.SendAsync("Bye!");
        var chat = await ConversationOfAsync(site);
        await World.Lifecycle.ClaimAsync(chat.Id, agent);
        Assert.Contains(await World.RecentAsync(agent), i => i.Id == chat.Id);

        Assert.Equal(Outcome.Done, await World.Lifecycle.EndSessionAsync(chat.Id, agent));

        Assert.DoesNotContain(await World.RecentAsync(agent), i => i.Id == chat.Id);
        var archived = (await World.Inbox.ArchiveAsync(agent, new InboxFilter())).Items;
        Assert.Equal(ConversationStatus.Ended, Assert.Single(archived, i => i.Id == chat.Id).Status);
    }

    [Fact]
    public async Task Open_live_update_streams_are_capped_per_visitor_and_per_address_and_a_closed_one_frees_its_place()
    {
        var (site, _) = await SiteAsync();
        var address = $"203.0.113.{Random.Shared.Next(1, 250)}";
        using var vera = await VisitorAsync(site, forwardedFor: address);
        using var tom = await VisitorAsync(site, forwardedFor: address, name: "Tom");
        var open = new List<HttpResponseMessage>();
        Task<HttpResponseMessage> OpenAsync(Visitor visitor) => visitor.OpenStreamAsync();

        open.Add(await OpenAsync(vera));
        open.Add(await OpenAsync(vera));
        var thirdTab = await OpenAsync(vera);
        open.Add(await OpenAsync(tom));
        var overAddress = await OpenAsync(tom);

        Assert.All(open, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, "streams"), (thirdTab.StatusCode, (await thirdTab.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, overAddress.StatusCode);

        // Vera closes a tab: once the console has noticed, a new one opens.
        open[0].Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpResponseMessage reopened;
        while ((reopened = await OpenAsync(vera)).StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
        {
            reopened.Dispose();
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        reopened.Dispose();
        open.ForEach(response => response.Dispose());
    }
}

public class UntrustedProxyTests : IAsyncLifetime
{
    private readonly LiveApp app = new(new() { ["Omnichat:ReverseProxy:TrustedProxies:0"] = "10.9.9.9" });

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_forged_forwarded_header_from_an_untrusted_peer_is_ignored()
    {
        var world = app.World;
        var queue = await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]);
        var (site, _) = await app.Factory.Services.GetRequiredService<ChannelAdmin>()
            .CreateAsync(new ChannelSettings(ChannelKind.LiveChat, "untrusted", "Shop", LiveChatApiTests.SiteOrigin, queue));
        await app.Factory.Services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = site!.Id, AllowedOrigins = LiveChatApiTests.SiteOrigin });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Add("Origin", LiveChatApiTests.SiteOrigin);
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1");

        (await http.PostAsJsonAsync("/livechat/untrusted/sessions", new { name = "Mallory" })).EnsureSuccessStatusCode();

        await using var db = await world.CreateDbAsync();
        Assert.Equal("127.0.0.1", (await db.LiveChatVisitors.SingleAsync()).LastIp);
    }
}
