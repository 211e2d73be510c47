using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class VisibilityTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private ConversationLifecycle Lifecycle => world.Lifecycle;
    private PrivateNotes Notes => app.Factory.Services.GetRequiredService<PrivateNotes>();

    [Fact]
    public async Task An_agent_who_lost_the_claim_can_neither_read_nor_act_through_the_services()
    {
        var (winner, loser, colleague) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, winner, loser);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Private details");
        Assert.NotNull(await world.ThreadAsync(chat.ConversationId, loser));

        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(chat.ConversationId, winner));
        var id = chat.ConversationId;

        Assert.Null(await world.ThreadAsync(id, loser));
        Assert.DoesNotContain(await world.RecentAsync(loser), i => i.Id == id);
        Assert.Equal(Outcome.Taken, (await Lifecycle.ReplyAsync(id, loser, "Can I help?")).Outcome);
        Assert.Equal(Outcome.Taken, await Lifecycle.ClaimAsync(id, loser));
        Assert.Equal(Outcome.Taken, await Lifecycle.TransferAsync(id, loser, colleague.UserId, null));
        Assert.Equal(Outcome.Taken, await Lifecycle.ArchiveAsync(id, loser));
        Assert.Equal(Outcome.Taken, await Lifecycle.MarkDealtWithAsync(id, loser));
        Assert.Equal(Outcome.Taken, await Lifecycle.IgnoreAsync(id, loser));
        Assert.Equal(Outcome.NotAllowed, await Lifecycle.DeleteAsync(id, loser));

        var conversation = await world.LoadAsync(id);
        Assert.Equal((winner.UserId, ConversationStatus.Open, false), (conversation.OwnerId, conversation.Status, conversation.IsArchived));
        Assert.Single(conversation.Messages);
    }

    private sealed record Rule(string Name, Func<Viewer, Expression<Func<Conversation, bool>>> InDatabase, Func<ConversationAccessInMemory, Func<Conversation, bool>> InMemory);

    private static readonly Rule[] Rules =
    [
        new("CanSee", ConversationAccess.CanSee, a => a.CanSee),
        new("CanAct", ConversationAccess.CanAct, a => a.CanAct),
        new("CanManage", ConversationAccess.CanManage, a => a.CanManage),
        new("CanDelete", ConversationAccess.CanDelete, a => a.CanDelete),
    ];

    [Fact]
    public async Task Live_updates_judge_in_memory_exactly_as_the_database_does_on_every_case()
    {
        var (owner, colleague, outsider) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var (supervisor, admin) = (await world.UserAsync(Roles.Supervisor), await world.UserAsync(Roles.Admin));
        Viewer[] viewers = [owner, colleague, outsider, supervisor, admin];
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner, colleague);
        async Task<long> ChatAsync(params Func<long, Task<Outcome>>[] steps)
        {
            var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
            foreach (var step in steps) Assert.Equal(Outcome.Done, await step(id));
            return id;
        }
        Task<Outcome> Claim(long id) => Lifecycle.ClaimAsync(id, owner);
        async Task<Outcome> MentionOutsider(long id) => (await Notes.AddAsync(id, owner, "Can you check this?", [outsider.UserId])).Outcome;
        async Task<long> InternalAsync(Viewer starter, Viewer[] colleagues, string name, Viewer leaver)
        {
            var id = await world.InternalChatAsync(starter, colleagues, name);
            Assert.Equal(Outcome.Done, await world.InternalChats.LeaveAsync(id, leaver));
            return id;
        }
        long[] cases =
        [
            await ChatAsync(),
            await ChatAsync(Claim),
            await ChatAsync(Claim, id => Lifecycle.ArchiveAsync(id, owner)),
            await ChatAsync(Claim, id => Lifecycle.MarkDealtWithAsync(id, owner)),
            await ChatAsync(Claim, id => Lifecycle.TransferAsync(id, owner, outsider.UserId, null)),
            await ChatAsync(Claim, id => Lifecycle.DeleteAsync(id, owner)),
            await ChatAsync(id => Lifecycle.IgnoreAsync(id, colleague)),
            // Mentioned in a note: the outsider reads it, open or closed, but not once it is deleted.
            await ChatAsync(Claim, MentionOutsider),
            await ChatAsync(Claim, MentionOutsider, id => Lifecycle.MarkDealtWithAsync(id, owner)),
            await ChatAsync(Claim, MentionOutsider, id => Lifecycle.DeleteAsync(id, owner)),
            // Internal chats: the owner and the colleague, who then leaves; the outsider and the supervisor, without the owner or the admin.
            await InternalAsync(owner, [colleague, supervisor], "Left one", colleague),
            await world.InternalChatAsync(outsider, [supervisor]),
        ];

        var snapshots = await world.Inbox.SnapshotsAsync(cases);
        await using var db = await world.CreateDbAsync();
        var verdicts = new List<(string Rule, bool InDatabase, bool InMemory)>();
        foreach (var id in cases)
            foreach (var viewer in viewers)
                foreach (var rule in Rules)
                    verdicts.Add((rule.Name,
                        await db.Conversations.Where(c => c.Id == id).AnyAsync(rule.InDatabase(viewer)),
                        rule.InMemory(ConversationAccessInMemory.For(viewer))(snapshots[id].Row)));

        Assert.All(verdicts, v => Assert.Equal(v.InDatabase, v.InMemory));
        // The table holds both answers for every rule, so agreement means something.
        Assert.All(Rules, rule => Assert.Equal([false, true], verdicts.Where(v => v.Rule == rule.Name).Select(v => v.InDatabase).Distinct().Order()));
    }

    [Fact]
    public async Task A_customers_history_is_read_only_for_whoever_may_act_on_one_of_their_conversations()
    {
        var (owner, colleague, otherQueueAgent) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var (supervisor, admin) = (await world.UserAsync(Roles.Supervisor), await world.UserAsync(Roles.Admin));
        var firstChannel = await world.ChannelForAsync(AssignmentStrategy.All, owner, colleague);
        var otherChannel = await world.ChannelForAsync(AssignmentStrategy.All, otherQueueAgent);
        var customer = TestWorld.NewPhone();

        var past = (await world.CustomerWritesAsync(firstChannel, customer, "My order number is 5577")).ConversationId;
        Assert.Equal(Outcome.Done, (await Lifecycle.ReplyAsync(past, owner, "Thanks, on its way")).Outcome);
        Assert.Equal(Outcome.Done, await Lifecycle.MarkDealtWithAsync(past, owner));
        var deleted = (await world.CustomerWritesAsync(firstChannel, customer, "Delete this please")).ConversationId;
        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(deleted, owner));
        Assert.Equal(Outcome.Done, await Lifecycle.DeleteAsync(deleted, owner));
        // The customer writes again, now through a queue the owner and colleague are not in.
        var current = (await world.CustomerWritesAsync(otherChannel, customer, "Where is it?")).ConversationId;
        var someoneElse = (await world.CustomerWritesAsync(firstChannel, TestWorld.NewPhone(), "Unrelated")).ConversationId;
        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(someoneElse, owner));
        var internalChat = await InternalChatOfSameContactAsync(past);
        var store = app.Factory.Services.GetRequiredService<FileStore>();
        var sentIn = (await world.LoadAsync(past)).Messages.First().Id;
        var file = (await store.SaveAsync(past, "invoice.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.Sms, messageId: sentIn)).File!;
        // Uploaded by the owner for a reply, not sent: a draft.
        var draft = (await store.SaveAsync(past, "draft.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.Sms)).File!;

        // (conversation, viewer) → may read it, may act on it.
        (long Conversation, Viewer Viewer, bool Reads, bool Acts)[] table =
        [
            (past, otherQueueAgent, true, false), // a colleague's past conversation: read-only history
            (current, otherQueueAgent, true, true),
            (deleted, otherQueueAgent, false, false),
            (internalChat, otherQueueAgent, false, false),
            (someoneElse, otherQueueAgent, false, false), // another customer of the same owner
            (past, owner, true, true), // an owner keeps their closed conversations
            (current, owner, true, false), // and so reads the customer's later ones
            (past, colleague, false, false), // was offered it, lost it to the owner: acts on nothing of this customer
            (current, colleague, false, false),
            (past, supervisor, true, false),
            (current, supervisor, true, false),
            (deleted, supervisor, false, false),
            (past, admin, true, false),
            (deleted, admin, false, false),
        ];
        var reader = app.Factory.Services.GetRequiredService<ConversationReader>();
        var files = app.Factory.Services.GetRequiredService<FileStore>();
        foreach (var (conversation, viewer, reads, acts) in table)
        {
            var history = await world.Inbox.HistoryAsync(await ContactOfAsync(past), viewer);
            var detail = await reader.DetailAsync(conversation, viewer);
            Assert.True((reads, acts) == (detail is not null, detail?.CanAct == true), $"conversation {conversation}, viewer {viewer}");
            Assert.Equal(reads, await world.ThreadAsync(conversation, viewer) is not null);
            Assert.Equal(reads, history.Any(h => h.Id == conversation));
        }
        Assert.DoesNotContain(await world.Inbox.HistoryAsync(await ContactOfAsync(past), supervisor), h => h.Id == internalChat);

        Assert.Equal(Outcome.Taken, (await Lifecycle.ReplyAsync(past, otherQueueAgent, "Reopening?")).Outcome);
        Assert.Equal(Outcome.NotAllowed, await Lifecycle.DeleteAsync(past, otherQueueAgent));
        Assert.NotNull(await files.FindVisibleAsync(file.Id, otherQueueAgent));
        Assert.Null(await files.FindVisibleAsync(file.Id, colleague));
        // A reader of the history gets what was sent, not what the owner has uploaded for a reply.
        Assert.Null(await files.FindVisibleAsync(draft.Id, otherQueueAgent));
        Assert.NotNull(await files.FindVisibleAsync(draft.Id, owner));
    }

    private async Task<int> ContactOfAsync(long conversationId) => (await world.LoadAsync(conversationId)).ContactId!.Value;

    /// <summary>Internal chats are another feature's; a row of one that names the customer's contact proves the rule leaves it out.</summary>
    private async Task<long> InternalChatOfSameContactAsync(long customerConversation)
    {
        var contactId = await ContactOfAsync(customerConversation);
        await using var db = await world.CreateDbAsync();
        var chat = new Conversation { Channel = ChannelKind.Internal, ContactId = contactId, Status = ConversationStatus.Open, CreatedAt = DateTime.UtcNow, LastActivityAt = DateTime.UtcNow };
        db.Conversations.Add(chat);
        await db.SaveChangesAsync();
        return chat.Id;
    }

    [Fact]
    public async Task A_colleague_mentioned_in_a_note_reads_that_conversation_only_and_acts_on_nothing()
    {
        var (owner, mentioned, bystander) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner);
        var customer = TestWorld.NewPhone();
        var earlier = (await world.CustomerWritesAsync(channel, customer, "My first question")).ConversationId;
        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(earlier, owner));
        Assert.Equal(Outcome.Done, await Lifecycle.MarkDealtWithAsync(earlier, owner));
        var id = (await world.CustomerWritesAsync(channel, customer, "Where is my refund?")).ConversationId;
        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(id, owner));
        Assert.Null(await world.ThreadAsync(id, mentioned));

        Assert.Equal(Outcome.Done, (await Notes.AddAsync(id, owner, "@Mia can you approve this refund?", [mentioned.UserId])).Outcome);

        var reader = app.Factory.Services.GetRequiredService<ConversationReader>();
        // (conversation, viewer) → may read it, may act on it.
        (long Conversation, Viewer Viewer, bool Reads, bool Acts)[] table =
        [
            (id, mentioned, true, false),
            (id, bystander, false, false),
            (id, owner, true, true),
            // The mention opens that conversation, not the customer's history.
            (earlier, mentioned, false, false),
        ];
        foreach (var (conversation, viewer, reads, acts) in table)
        {
            var detail = await reader.DetailAsync(conversation, viewer);
            Assert.True((reads, acts) == (detail is not null, detail?.CanAct == true), $"conversation {conversation}, viewer {viewer}");
            Assert.Equal(reads, await world.ThreadAsync(conversation, viewer) is not null);
            Assert.Equal(reads, (await world.RecentAsync(viewer)).Any(i => i.Id == conversation)
                || (await world.Inbox.ArchiveAsync(viewer, new InboxFilter())).Items.Any(i => i.Id == conversation));
        }
        Assert.Equal(Outcome.Taken, (await Lifecycle.ReplyAsync(id, mentioned, "I approve")).Outcome);
        Assert.Equal(Outcome.Taken, await Lifecycle.ClaimAsync(id, mentioned));
        Assert.Equal(Outcome.NotAllowed, (await Notes.AddAsync(id, mentioned, "Approved", [owner.UserId])).Outcome);
        Assert.Equal(owner.UserId, (await world.LoadAsync(id)).OwnerId);
    }

    /// <summary>Who reads an internal chat, by the rule itself and by its in-memory twin: its present members, nobody else.</summary>
    [Fact]
    public async Task Only_present_members_see_or_act_on_an_internal_chat_whatever_their_role()
    {
        var (member, nonMember, leaver) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var (supervisor, admin, supervisorMember) = (await world.UserAsync(Roles.Supervisor), await world.UserAsync(Roles.Admin), await world.UserAsync(Roles.Supervisor));
        var id = await world.InternalChatAsync(member, [leaver, supervisorMember], "Team");
        Assert.Equal(Outcome.Done, await world.InternalChats.LeaveAsync(id, leaver));
        var row = (await world.Inbox.SnapshotsAsync([id]))[id].Row;
        await using var db = await world.CreateDbAsync();

        (string Who, Viewer Viewer, bool Sees)[] table =
        [
            ("member", member, true),
            ("supervisor who is a member", supervisorMember, true),
            ("agent who is not a member", nonMember, false),
            ("supervisor who is not a member", supervisor, false),
            ("admin who is not a member", admin, false),
            ("member who left", leaver, false),
        ];
        foreach (var (who, viewer, sees) in table)
        {
            var access = ConversationAccessInMemory.For(viewer);
            Assert.True(sees == await db.Conversations.Where(c => c.Id == id).AnyAsync(ConversationAccess.CanSee(viewer)), $"{who} sees (database)");
            Assert.True(sees == access.CanSee(row), $"{who} sees (in memory)");
            Assert.True(sees == await db.Conversations.Where(c => c.Id == id).AnyAsync(ConversationAccess.CanAct(viewer)), $"{who} acts");
            Assert.False(access.CanManage(row), $"{who} manages");
            Assert.False(access.CanDelete(row), $"{who} deletes");
        }
    }
}
