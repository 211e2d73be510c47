using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Search;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Search;

/// <summary>The Recent and archive searches find conversations by anything said in them, through the full-text index.</summary>
public sealed class FullTextSearchTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly TestWorld world = app.World;
    private Viewer agent = default!, outsider = default!, supervisor = default!;
    private int channel;

    public async Task InitializeAsync()
    {
        (agent, outsider, supervisor) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(Roles.Supervisor));
        channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IReadOnlyList<InboxItem>> RecentAsync(Viewer viewer, string search) =>
        (await world.Inbox.RecentAsync(viewer, new InboxFilter(Search: search))).Items;

    [Fact]
    public async Task Finds_a_conversation_by_an_early_message_and_marks_the_match()
    {
        var code = Random.Shared.Next(100_000, 999_999).ToString();
        var first = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), $"Hello, my order number is {code}.");
        var id = first.ConversationId;
        for (var i = 0; i < 5; i++) await world.CustomerWritesAsync(channel, (await world.LoadAsync(id)).Contact!.Name, $"Still waiting ({i})");
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(id, agent, "Thanks Anna, I'm checking")).Outcome);

        var byCode = Assert.Single(await RecentAsync(agent, code));
        var byWords = Assert.Single(await RecentAsync(agent, "thanks ann"), i => i.Id == id);

        Assert.Equal(id, byCode.Id);
        Assert.Equal(first.MessageId, byCode.Match!.MessageId);
        Assert.Contains($"{FullTextQuery.MatchStart}{code}{FullTextQuery.MatchEnd}", byCode.Match.Excerpt);
        Assert.Contains($"{FullTextQuery.MatchStart}Thanks{FullTextQuery.MatchEnd} {FullTextQuery.MatchStart}Anna{FullTextQuery.MatchEnd}", byWords.Match!.Excerpt);
    }

    [Fact]
    public async Task Finds_only_what_the_viewer_may_see()
    {
        var word = $"secret{Guid.NewGuid():N}";
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), $"The code is {word}")).ConversationId;

        Assert.Equal([id], (await RecentAsync(agent, word)).Select(i => i.Id));
        Assert.Equal([id], (await RecentAsync(supervisor, word)).Select(i => i.Id));
        Assert.Empty(await RecentAsync(outsider, word));
    }

    [Fact]
    public async Task Finds_a_customer_by_their_number_in_local_and_international_format()
    {
        var number = TestWorld.NewPhone(); // +316xxxxxxxx
        var id = (await world.CustomerWritesAsync(channel, number, "Hi")).ConversationId;
        var local = "06" + number[4..];

        foreach (var typed in new[] { number, local, $"06-{number[4..]}", $"+31 6 {number[4..]}" })
            Assert.True((await RecentAsync(agent, typed)).Any(i => i.Id == id), $"searching {typed}");
        Assert.Empty(await RecentAsync(agent, "06" + ((long.Parse(number[4..]) + 1) % 100_000_000).ToString("D8")));
    }

    [Fact]
    public async Task Digits_that_could_be_a_phone_number_still_find_an_order_number()
    {
        var order = Random.Shared.Next(1_000_000, 9_999_999).ToString();
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), $"Order {order} is late")).ConversationId;

        Assert.Equal([id], (await RecentAsync(agent, order)).Select(i => i.Id));
    }

    [Fact]
    public async Task A_deleted_conversation_cannot_be_found_by_what_was_said()
    {
        var word = $"gone{Guid.NewGuid():N}";
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), $"Remember {word}")).ConversationId;
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(id, agent));
        Assert.Equal(Outcome.Done, await world.Lifecycle.ArchiveAsync(id, agent));
        Assert.Single((await world.Inbox.ArchiveAsync(agent, new InboxFilter(Search: word))).Items);

        Assert.Equal(Outcome.Done, await world.Lifecycle.DeleteAsync(id, agent));

        var admin = await world.UserAsync(Roles.Admin);
        Assert.Empty((await world.Inbox.ArchiveAsync(admin, new InboxFilter(Search: word))).Items);
        await using var db = await world.CreateDbAsync();
        Assert.Empty(await db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"MessageSearch\" WHERE \"MessageSearch\" MATCH {word}").ToListAsync());
    }

    [Fact]
    public async Task Punctuation_alone_and_search_syntax_find_nothing_and_break_nothing()
    {
        await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Quotes \" and stars * and NEAR(a b)");

        Assert.Empty(await RecentAsync(agent, "\"*()"));
        Assert.NotEmpty(await RecentAsync(agent, "NEAR(a"));
    }
}
