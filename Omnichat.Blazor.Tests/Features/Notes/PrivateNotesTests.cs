using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Notes;

public class PrivateNotesTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string SiteOrigin = "https://shop.example.test";
    private static int nextIp;

    private readonly TestWorld world = app.World;
    private IServiceProvider Services => app.Factory.Services;
    private PrivateNotes Notes => Services.GetRequiredService<PrivateNotes>();
    private LiveChatVisitors Visitors => Services.GetRequiredService<LiveChatVisitors>();

    [Fact]
    public async Task A_note_gets_no_outbox_entry_and_leaves_the_conversation_as_the_customer_last_saw_it()
    {
        var owner = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner);
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Is my parcel lost?")).ConversationId;
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(id, owner, "Let me check")).Outcome);
        var before = await world.LoadAsync(id);

        var result = await Notes.AddAsync(id, owner, "  Courier says it is at the depot  ", []);

        Assert.Equal(Outcome.Done, result.Outcome);
        await using var db = await world.CreateDbAsync();
        var note = await db.Messages.SingleAsync(m => m.Id == result.NoteId);
        Assert.Equal((MessageDirection.Note, "Courier says it is at the depot", owner.UserId), (note.Direction, note.Body, note.AuthorId));
        Assert.False(await db.Outbox.AnyAsync(e => e.MessageId == note.Id));
        Assert.Equal(1, await db.Outbox.CountAsync(e => e.Message!.ConversationId == id));
        // The inbox row still shows what was said to the customer.
        var after = await world.LoadAsync(id);
        Assert.Equal((before.LastMessagePreview, before.LastActivityAt), (after.LastMessagePreview, after.LastActivityAt));
    }

    [Fact]
    public async Task A_note_can_be_written_on_a_closed_conversation_but_not_by_someone_who_cannot_act_and_not_empty_or_too_long()
    {
        var (owner, other) = (await world.UserAsync(), await world.UserAsync());
        var supervisor = await world.UserAsync(Roles.Supervisor);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner, other);
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(id, owner));
        Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(id, owner));

        Assert.Equal(Outcome.Done, (await Notes.AddAsync(id, owner, "Customer called back, all fine", [])).Outcome);
        Assert.Equal(Outcome.NotAllowed, (await Notes.AddAsync(id, other, "Not mine", [])).Outcome);
        Assert.Equal(Outcome.NotAllowed, (await Notes.AddAsync(id, supervisor, "Reviewers read only", [])).Outcome);
        var empty = await Notes.AddAsync(id, owner, "   ", []);
        Assert.Equal((Outcome.NotApplicable, "Write something for your colleagues first."), (empty.Outcome, empty.Refusal));
        var tooLong = await Notes.AddAsync(id, owner, new string('x', PrivateNotes.MaxLength + 1), []);
        Assert.Equal((Outcome.NotApplicable, $"A note can be at most {PrivateNotes.MaxLength} characters long."), (tooLong.Outcome, tooLong.Refusal));
        var internalChat = await world.InternalChatAsync(owner, [other]);
        Assert.Equal(Outcome.NotAllowed, (await Notes.AddAsync(internalChat, owner, "Notes are for customer conversations", [])).Outcome);

        await using var db = await world.CreateDbAsync();
        Assert.Equal(["Customer called back, all fine"], await db.Messages.Where(m => m.ConversationId == id && m.Direction == MessageDirection.Note).Select(m => m.Body).ToListAsync());
    }

    [Fact]
    public async Task A_mention_is_stored_per_note_and_notifies_only_the_active_colleagues_it_names()
    {
        var (owner, mentioned, deactivated, bystander) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner);
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "I want a refund")).ConversationId;
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(id, owner));
        await using (var scope = Services.CreateAsyncScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAccounts>().DeactivateAsync(deactivated.UserId, await world.UserAsync(Roles.Admin)));

        var update = await NextUpdateAsync(id, ConversationChange.NoteAdded, async () =>
            Assert.Equal(Outcome.Done, (await Notes.AddAsync(id, owner, "Can you approve this?", [mentioned.UserId, deactivated.UserId, owner.UserId])).Outcome));

        await using var db = await world.CreateDbAsync();
        Assert.Equal([mentioned.UserId], await db.NoteMentions.Where(m => m.ConversationId == id).Select(m => m.UserId).ToListAsync());
        var notification = Assert.Single(NotificationFeed.Decide(update));
        Assert.Equal((mentioned.UserId, NotificationKind.Mentioned, id, update.Change.NoteId), (notification.UserId, notification.Kind, notification.ConversationId, notification.NoteId));
        // What the notice shows: who wrote, and what; only to someone who may see the conversation.
        Assert.Equal(new MentionNotice(await DisplayNameAsync(owner), "Can you approve this?"), await Notes.MentionAsync(notification.NoteId!.Value, mentioned));
        Assert.Null(await Notes.MentionAsync(notification.NoteId!.Value, bystander));
        // The owner's next note names nobody: nobody is told again.
        var second = await NextUpdateAsync(id, ConversationChange.NoteAdded, async () =>
            Assert.Equal(Outcome.Done, (await Notes.AddAsync(id, owner, "Done, refunded", [])).Outcome));
        Assert.Empty(NotificationFeed.Decide(second));
    }

    [Fact]
    public async Task Search_finds_a_note_for_colleagues_who_may_see_the_conversation_and_for_nobody_else()
    {
        var (owner, mentioned, otherQueue) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var supervisor = await world.UserAsync(Roles.Supervisor);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner);
        await world.ChannelForAsync(AssignmentStrategy.All, otherQueue);
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Hello")).ConversationId;
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(id, owner));
        var word = $"voucher{Guid.NewGuid():N}"[..20];
        Assert.Equal(Outcome.Done, (await Notes.AddAsync(id, owner, $"Gave a {word} as goodwill", [mentioned.UserId])).Outcome);

        (Viewer Viewer, bool Finds)[] table = [(owner, true), (mentioned, true), (supervisor, true), (otherQueue, false)];
        foreach (var (viewer, finds) in table)
        {
            var found = (await world.Inbox.RecentAsync(viewer, new InboxFilter(Search: word))).Items;
            Assert.True(finds == found.Any(i => i.Id == id), $"{viewer} finds the note");
            if (finds) Assert.Contains(word, found.Single(i => i.Id == id).Match!.Excerpt);
        }
    }

    [Fact]
    public async Task The_widget_never_shows_a_note_and_its_stream_does_not_even_signal_one()
    {
        var owner = await world.UserAsync();
        var site = await SiteAsync(await world.QueueAsync(AssignmentStrategy.All, [owner]));
        var ip = $"198.19.{Interlocked.Increment(ref nextIp) % 250}.1";
        var visitor = (await Visitors.FindVisitorAsync(site, await Visitors.StartAsync(site, "Vera", null, ip)))!;
        Assert.Null(await Visitors.SendAsync(site, visitor, "Is the shop open on Sunday?", null, ip));
        await using (var db = await world.CreateDbAsync())
        {
            var id = await db.Conversations.Where(c => c.ChannelAccountId == site.Account.Id).Select(c => c.Id).SingleAsync();
            // Every change so far has gone out before the stream opens, so the stream hears only what follows.
            await NextUpdateAsync(id, ConversationChange.Claimed, async () => Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(id, owner)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var stream = await OpenStreamAsync(site, visitor, ip, timeout.Token);
            using var events = new StreamReader(stream);
            Assert.Equal("connected", await NextDataAsync(events, timeout.Token));

            // The stream subscribed first, so it has had the note's change by the time this returns.
            await NextUpdateAsync(id, ConversationChange.NoteAdded, async () =>
                Assert.Equal(Outcome.Done, (await Notes.AddAsync(id, owner, "Regular customer, be kind", [])).Outcome));
            // Signals leave in the order they were raised, and typing is raised at once: a signal for the note would come first.
            await Services.GetRequiredService<ColleagueTyping>().PublishAsync(new TypingSignal(id, owner.UserId, "Sam"));
            Assert.Equal("""{"name":"Sam","typing":true}""", await NextDataAsync(events, timeout.Token));

            Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(id, owner, "Yes, from 12 to 5")).Outcome);
            Assert.Equal("changed", await NextDataAsync(events, timeout.Token));
        }

        var thread = await Visitors.ThreadAsync(visitor);
        Assert.Equal(["Is the shop open on Sunday?", "Yes, from 12 to 5"], thread.Messages.Select(m => m.Text));
    }

    private async Task<string> DisplayNameAsync(Viewer user) => (await world.ProfileAsync(user)).DisplayName;

    private async Task<Site> SiteAsync(int queueId)
    {
        var (account, error) = await Services.GetRequiredService<ChannelAdmin>()
            .CreateAsync(new ChannelSettings(ChannelKind.LiveChat, $"site-{Guid.NewGuid():N}", "Shop", SiteOrigin, queueId));
        Assert.Null(error);
        Assert.Null(await Services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = account!.Id, AllowedOrigins = SiteOrigin }));
        return (await Visitors.FindSiteAsync(account.Key))!;
    }

    private async Task<Stream> OpenStreamAsync(Site site, LiveChatVisitor visitor, string ip, CancellationToken ct)
    {
        var ticket = Services.GetRequiredService<StreamTickets>().Issue(site.Account.Key, visitor.VisitorKey);
        var stream = await app.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = $"/livechat/{site.Account.Key}/events";
            http.Request.QueryString = QueryString.Create("ticket", ticket);
            http.Request.Headers.Origin = SiteOrigin;
            http.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        }, ct);
        Assert.Equal(StatusCodes.Status200OK, stream.Response.StatusCode);
        return stream.Response.Body;
    }

    private static async Task<string?> NextDataAsync(StreamReader events, CancellationToken ct)
    {
        while (await events.ReadLineAsync(ct) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) return line["data: ".Length..];
        return null;
    }

    /// <summary>The update every console gets for the change of <paramref name="kind"/> that <paramref name="make"/> causes.</summary>
    private async Task<ConversationUpdate> NextUpdateAsync(long conversationId, ConversationChange kind, Func<Task> make)
    {
        var arrived = new TaskCompletionSource<ConversationUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Services.GetRequiredService<ConversationFanOut>().Subscribe(update =>
        {
            if (update.ConversationId == conversationId && update.Change.Change == kind) arrived.TrySetResult(update);
        });
        await make();
        return await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
