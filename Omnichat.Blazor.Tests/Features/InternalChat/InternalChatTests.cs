using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.InternalChat;

/// <summary>SPEC section 8 and issue 14: colleagues chat one-to-one and in groups, as members, against a real SQLite file.</summary>
public class InternalChatTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private ConversationLifecycle Lifecycle => world.Lifecycle;
    private InternalChats Chats => world.InternalChats;
    private T Service<T>() where T : notnull => app.Factory.Services.GetRequiredService<T>();

    private async Task<InboxItem?> RecentItemAsync(Viewer viewer, long id) => (await world.RecentAsync(viewer)).SingleOrDefault(i => i.Id == id);

    [Fact]
    public async Task Starting_a_one_to_one_chat_again_from_either_side_opens_the_same_chat_even_when_both_start_at_once()
    {
        var (anna, bob, carol) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());

        var first = await world.InternalChatAsync(anna, [bob]);
        Assert.Equal(first, await world.InternalChatAsync(bob, [anna]));
        Assert.Equal(first, await world.InternalChatAsync(anna, [bob]));

        // Both click "Start" at the same moment.
        var both = await Task.WhenAll(world.InternalChatAsync(anna, [carol]), world.InternalChatAsync(carol, [anna]));
        Assert.Equal(both[0], both[1]);
        await using var db = await world.CreateDbAsync();
        Assert.Equal(1, await db.Conversations.CountAsync(c => c.DirectKey == Conversation.DirectKeyOf(anna.UserId, carol.UserId)));
        var chat = await world.LoadAsync(first);
        Assert.Equal((ChannelKind.Internal, (string?)null), (chat.Channel, chat.OwnerId));
    }

    [Fact]
    public async Task A_group_needs_a_name_and_colleagues_who_exist()
    {
        var (anna, bob, carol) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());

        Assert.Equal(Outcome.NotApplicable, (await Chats.StartAsync(anna, new NewChatRequest([bob.UserId, carol.UserId], "  "))).Outcome);
        Assert.Equal(Outcome.NotApplicable, (await Chats.StartAsync(anna, new NewChatRequest([anna.UserId], null))).Outcome);
        Assert.Equal(Outcome.NotApplicable, (await Chats.StartAsync(anna, new NewChatRequest(["nobody-at-all"], null))).Outcome);

        var group = await world.InternalChatAsync(anna, [bob, carol], " Release team ");
        Assert.Equal("Release team", (await world.LoadAsync(group)).Title);
        Assert.Equal("Release team", (await RecentItemAsync(bob, group))!.ContactName);
        // A one-to-one chat is named after the colleague, for each of the two.
        var pair = await world.InternalChatAsync(anna, [bob]);
        Assert.Equal((await world.ProfileAsync(bob)).DisplayName, (await RecentItemAsync(anna, pair))!.ContactName);
        Assert.Equal((await world.ProfileAsync(anna)).DisplayName, (await RecentItemAsync(bob, pair))!.ContactName);
    }

    [Fact]
    public async Task Only_present_members_read_the_chat_and_its_files_and_nobody_claims_transfers_or_closes_it()
    {
        var (anna, bob, outsider) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var (supervisor, admin) = (await world.UserAsync(Roles.Supervisor), await world.UserAsync(Roles.Admin));
        var id = await world.InternalChatAsync(anna, [bob]);
        var file = (await Service<FileStore>().SaveAsync(id, "plan.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.Internal)).File!;
        Assert.Equal(Outcome.Done, (await Lifecycle.ReplyAsync(id, anna, "Lunch at noon?", [file.Id])).Outcome);

        foreach (var member in new[] { anna, bob })
        {
            Assert.NotNull(await world.ThreadAsync(id, member));
            Assert.NotNull(await RecentItemAsync(member, id));
            Assert.NotNull(await Service<FileStore>().FindVisibleAsync(file.Id, member));
        }
        foreach (var stranger in new[] { outsider, supervisor, admin })
        {
            Assert.Null(await world.ThreadAsync(id, stranger));
            Assert.Null(await RecentItemAsync(stranger, id));
            Assert.Null(await Service<FileStore>().FindVisibleAsync(file.Id, stranger));
            Assert.Equal(Outcome.NotAllowed, (await Lifecycle.ReplyAsync(id, stranger, "Hi")).Outcome);
        }

        Assert.Equal(Outcome.NotAllowed, await Lifecycle.ClaimAsync(id, bob));
        Assert.Equal(Outcome.NotAllowed, await Lifecycle.TransferAsync(id, anna, outsider.UserId, null));
        Assert.Equal(Outcome.NotAllowed, await Lifecycle.TransferAsync(id, admin, outsider.UserId, null));
        Assert.Equal(Outcome.NotApplicable, await Lifecycle.MarkDealtWithAsync(id, anna));
        Assert.Equal(Outcome.NotAllowed, await Lifecycle.DeleteAsync(id, admin));
        var chat = await world.LoadAsync(id);
        Assert.Equal((ConversationStatus.Open, (string?)null, false), (chat.Status, chat.OwnerId, chat.IsArchived));
    }

    [Fact]
    public async Task Internal_messages_are_delivered_at_once_and_never_queued_for_a_provider()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var id = await world.InternalChatAsync(anna, [bob]);

        var sent = await Lifecycle.ReplyAsync(id, anna, "The build is green");

        Assert.Equal(Outcome.Done, sent.Outcome);
        await using var db = await world.CreateDbAsync();
        Assert.False(await db.Outbox.AnyAsync(e => e.MessageId == sent.Message!.Id));
        Assert.Equal(DeliveryState.Delivered, (await db.Messages.SingleAsync(m => m.Id == sent.Message!.Id)).State);
    }

    [Fact]
    public async Task Archive_is_per_member_and_a_new_message_brings_the_chat_back()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var id = await world.InternalChatAsync(anna, [bob]);

        Assert.Equal(Outcome.Done, await Chats.ArchiveAsync(id, anna));
        Assert.Null(await RecentItemAsync(anna, id));
        Assert.True((await world.Inbox.ArchiveAsync(anna, new InboxFilter())).Items.Single(i => i.Id == id).IsArchived);
        Assert.NotNull(await RecentItemAsync(bob, id));
        Assert.DoesNotContain((await world.Inbox.ArchiveAsync(bob, new InboxFilter())).Items, i => i.Id == id);
        // The conversation-wide archive of customer chats does not apply.
        Assert.Equal(Outcome.NotApplicable, await Lifecycle.ArchiveAsync(id, bob));

        Assert.Equal(Outcome.Done, (await Lifecycle.ReplyAsync(id, bob, "Are you there?")).Outcome);
        Assert.NotNull(await RecentItemAsync(anna, id));

        Assert.Equal(Outcome.Done, await Chats.ArchiveAsync(id, bob));
        Assert.Equal(Outcome.Done, await Chats.UnarchiveAsync(id, bob));
        Assert.NotNull(await RecentItemAsync(bob, id));
    }

    [Fact]
    public async Task Each_member_has_their_own_unread_count()
    {
        var (anna, bob, carol) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var id = await world.InternalChatAsync(anna, [bob, carol], "Support leads");

        await Lifecycle.ReplyAsync(id, anna, "Standup in five");
        var second = (await Lifecycle.ReplyAsync(id, anna, "Room 2")).Message!;

        Assert.Equal(0, (await RecentItemAsync(anna, id))!.Unread);
        Assert.Equal(2, (await RecentItemAsync(bob, id))!.Unread);
        Assert.Equal(2, (await RecentItemAsync(carol, id))!.Unread);
        Assert.Contains(id, await world.Inbox.UnreadConversationsAsync(bob));
        Assert.DoesNotContain(id, await world.Inbox.UnreadConversationsAsync(anna));

        await Service<ConversationReadMarks>().MarkReadAsync(id, bob.UserId, second.Id);
        await Lifecycle.ReplyAsync(id, carol, "Coming");

        Assert.Equal(1, (await RecentItemAsync(bob, id))!.Unread);
        Assert.Equal(2, (await RecentItemAsync(carol, id))!.Unread);
        Assert.Equal(1, (await RecentItemAsync(anna, id))!.Unread);
        // Live updates count from the snapshot exactly as the lists do.
        var snapshot = (await world.Inbox.SnapshotsAsync([id]))[id];
        Assert.Equal((1, 2, 1), (snapshot.UnreadFor(bob.UserId), snapshot.UnreadFor(carol.UserId), snapshot.UnreadFor(anna.UserId)));
        Assert.True(snapshot.IsUnreadFor(bob));
    }

    [Fact]
    public async Task Joins_and_leaves_are_audit_lines_and_whoever_leaves_or_is_removed_loses_the_chat()
    {
        var (anna, bob, carol, dave) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var admin = await world.UserAsync(Roles.Admin);
        var id = await world.InternalChatAsync(anna, [bob, carol], "Night shift");
        await Lifecycle.ReplyAsync(id, anna, "Who takes Sunday?");

        // Only the starter (or an admin) changes who is in the group.
        Assert.Equal(Outcome.NotAllowed, await Chats.AddMembersAsync(id, bob, [dave.UserId]));
        Assert.Equal(Outcome.NotAllowed, await Chats.RemoveMemberAsync(id, bob, carol.UserId));
        Assert.Equal(Outcome.Done, await Chats.AddMembersAsync(id, anna, [dave.UserId]));
        Assert.NotNull(await world.ThreadAsync(id, dave));

        Assert.Equal(Outcome.Done, await Chats.LeaveAsync(id, bob));
        Assert.Equal(Outcome.Done, await Chats.RemoveMemberAsync(id, admin, carol.UserId));
        foreach (var gone in new[] { bob, carol })
        {
            Assert.Null(await world.ThreadAsync(id, gone));
            Assert.Null(await RecentItemAsync(gone, id));
            Assert.Equal(Outcome.NotAllowed, (await Lifecycle.ReplyAsync(id, gone, "Still here?")).Outcome);
        }
        // A one-to-one chat is archived, not left.
        Assert.Equal(Outcome.NotAllowed, await Chats.LeaveAsync(await world.InternalChatAsync(anna, [bob]), anna));

        var lines = (await world.ThreadAsync(id, anna))!.OfType<EventLine>().Select(e => (e.Kind, e.ActorName, e.TargetName)).ToList();
        var (annaName, bobName, carolName, daveName, adminName) = ((await world.ProfileAsync(anna)).DisplayName, (await world.ProfileAsync(bob)).DisplayName,
            (await world.ProfileAsync(carol)).DisplayName, (await world.ProfileAsync(dave)).DisplayName, (await world.ProfileAsync(admin)).DisplayName);
        List<(ConversationEventKind, string?, string?)> expected =
            [
                (ConversationEventKind.Created, annaName, null),
                (ConversationEventKind.MemberAdded, annaName, bobName),
                (ConversationEventKind.MemberAdded, annaName, carolName),
                (ConversationEventKind.MemberAdded, annaName, daveName),
                (ConversationEventKind.MemberLeft, bobName, null),
                (ConversationEventKind.MemberRemoved, adminName, carolName),
            ];
        Assert.Equal(expected, lines);

        // Added back, a colleague reads it again.
        Assert.Equal(Outcome.Done, await Chats.AddMembersAsync(id, anna, [bob.UserId]));
        Assert.NotNull(await world.ThreadAsync(id, bob));
    }

    [Fact]
    public async Task A_colleagues_message_notifies_the_other_present_members_only()
    {
        var (anna, bob, carol, outsider) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var id = await world.InternalChatAsync(anna, [bob, carol], "Desk swap");
        Assert.Equal(Outcome.Done, await Chats.LeaveAsync(id, carol));
        await Lifecycle.ReplyAsync(id, anna, "Swap desks tomorrow?");

        // Decided from the snapshot the fan-out reads once for every console.
        var snapshot = (await world.Inbox.SnapshotsAsync([id]))[id];
        var notifications = NotificationFeed.Decide(new ConversationUpdate(new ConversationChanged(id, ConversationChange.MessageAdded, anna.UserId), snapshot));

        var notice = Assert.Single(notifications);
        Assert.Equal((bob.UserId, NotificationKind.InternalMessage), (notice.UserId, notice.Kind));
        Assert.Equal($"{(await world.ProfileAsync(anna)).DisplayName} · Desk swap", notice.ContactName);
        Assert.Equal("Swap desks tomorrow?", notice.Preview);
    }

    [Fact]
    public async Task An_admin_reads_a_chat_only_through_the_audit_view_and_the_reading_is_recorded()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var (admin, supervisor) = (await world.UserAsync(Roles.Admin), await world.UserAsync(Roles.Supervisor));
        var id = await world.InternalChatAsync(anna, [bob]);
        await Lifecycle.ReplyAsync(id, anna, "Confidential: salary review");

        Assert.Null(await Chats.AuditThreadAsync(id, supervisor));
        Assert.Empty(await Chats.AuditListAsync(supervisor));
        Assert.Contains(await Chats.AuditListAsync(admin), c => c.Id == id);

        var thread = await Chats.AuditThreadAsync(id, admin);

        Assert.Contains(thread!.OfType<MessageLine>(), m => m.Body == "Confidential: salary review");
        var recorded = (await world.ThreadAsync(id, bob))!.OfType<EventLine>().Last();
        Assert.Equal((ConversationEventKind.AuditViewed, (await world.ProfileAsync(admin)).DisplayName), (recorded.Kind, recorded.ActorName));
    }
}
