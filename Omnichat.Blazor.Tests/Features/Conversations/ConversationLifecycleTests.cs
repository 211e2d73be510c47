using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>One test per rule of SPEC section 3, against a real SQLite file.</summary>
public class ConversationLifecycleTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private ConversationLifecycle Lifecycle => world.Lifecycle;

    [Fact]
    public async Task A_first_message_starts_an_unowned_conversation_offered_to_the_queue()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);

        var result = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Where is my order?");

        var conversation = await world.LoadAsync(result.ConversationId);
        Assert.Null(conversation.OwnerId);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        Assert.Equal(ChannelKind.Sms, conversation.Channel);
        Assert.Equal(new[] { anna.UserId, bob.UserId }.Order(), conversation.Offers.Select(o => o.UserId).Order());
        Assert.Equal("Where is my order?", Assert.Single(conversation.Messages).Body);
        Assert.False(conversation.Contact!.IsSaved);
    }

    [Fact]
    public async Task Further_messages_join_the_open_unowned_conversation()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var phone = TestWorld.NewPhone();

        var first = await world.CustomerWritesAsync(channel, phone, "Hello");
        var second = await world.CustomerWritesAsync(channel, phone, "Anyone there?");

        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(2, (await world.LoadAsync(first.ConversationId)).Messages.Count);
    }

    [Fact]
    public async Task A_message_for_an_owned_conversation_goes_to_the_owner_without_routing()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var phone = TestWorld.NewPhone();
        var first = await world.CustomerWritesAsync(channel, phone);
        Assert.Equal(Outcome.Done, (await Lifecycle.ReplyAsync(first.ConversationId, anna, "Hi, Anna here")).Outcome);

        var next = await world.CustomerWritesAsync(channel, phone, "Thanks Anna");

        Assert.Equal(first.ConversationId, next.ConversationId);
        Assert.Equal(anna.UserId, (await world.LoadAsync(next.ConversationId)).OwnerId);
        Assert.Null(await world.ThreadAsync(next.ConversationId, bob));
    }

    [Fact]
    public async Task A_message_brings_an_archived_owned_conversation_back_to_the_owner()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var phone = TestWorld.NewPhone();
        var first = await world.CustomerWritesAsync(channel, phone);
        await Lifecycle.ClaimAsync(first.ConversationId, anna);
        Assert.Equal(Outcome.Done, await Lifecycle.ArchiveAsync(first.ConversationId, anna));
        Assert.DoesNotContain(await world.RecentAsync(anna), i => i.Id == first.ConversationId);

        var next = await world.CustomerWritesAsync(channel, phone, "One more question");

        Assert.Equal(first.ConversationId, next.ConversationId);
        var conversation = await world.LoadAsync(next.ConversationId);
        Assert.False(conversation.IsArchived);
        Assert.Equal(anna.UserId, conversation.OwnerId);
        Assert.Contains(conversation.Events, e => e.Kind == ConversationEventKind.ReturnedToOwner);
        Assert.Contains(await world.RecentAsync(anna), i => i.Id == first.ConversationId);
    }

    [Fact]
    public async Task The_first_reply_makes_the_agent_owner_and_the_others_lose_the_conversation()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Contains(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);

        var annaReply = await Lifecycle.ReplyAsync(chat.ConversationId, anna, "Hello, how can I help?");
        var bobReply = await Lifecycle.ReplyAsync(chat.ConversationId, bob, "Hi! Bob here");

        Assert.Equal(Outcome.Done, annaReply.Outcome);
        Assert.Equal(Outcome.Taken, bobReply.Outcome);
        Assert.Null(bobReply.Message);
        var conversation = await world.LoadAsync(chat.ConversationId);
        Assert.Equal(anna.UserId, conversation.OwnerId);
        Assert.DoesNotContain(conversation.Messages, m => m.Body == "Hi! Bob here");
        Assert.DoesNotContain(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task Take_ownership_claims_without_replying()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());

        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(chat.ConversationId, bob));
        Assert.Equal(Outcome.Taken, await Lifecycle.ClaimAsync(chat.ConversationId, anna));

        var conversation = await world.LoadAsync(chat.ConversationId);
        Assert.Equal(bob.UserId, conversation.OwnerId);
        Assert.Single(conversation.Messages);
        Assert.Contains(conversation.Events, e => e.Kind == ConversationEventKind.Claimed && e.ActorId == bob.UserId);
    }

    [Fact]
    public async Task Transfer_moves_the_conversation_and_the_transferor_loses_access()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ReplyAsync(chat.ConversationId, anna, "Let me find a colleague");

        var outcome = await Lifecycle.TransferAsync(chat.ConversationId, anna, bob.UserId, "Customer asks about invoices");

        Assert.Equal(Outcome.Done, outcome);
        var conversation = await world.LoadAsync(chat.ConversationId);
        Assert.Equal(bob.UserId, conversation.OwnerId);
        var transfer = Assert.Single(conversation.Events, e => e.Kind == ConversationEventKind.Transferred);
        Assert.Equal((anna.UserId, bob.UserId, "Customer asks about invoices"), (transfer.ActorId, transfer.TargetId, transfer.Note));
        Assert.Null(await world.ThreadAsync(chat.ConversationId, anna));
        Assert.Equal(Outcome.Taken, (await Lifecycle.ReplyAsync(chat.ConversationId, anna, "still here?")).Outcome);
        Assert.Contains(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task An_eligible_agent_can_transfer_an_unowned_conversation()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());

        Assert.Equal(Outcome.Done, await Lifecycle.TransferAsync(chat.ConversationId, anna, bob.UserId, null));
        Assert.Equal(bob.UserId, (await world.LoadAsync(chat.ConversationId)).OwnerId);
    }

    [Fact]
    public async Task Transfer_from_the_archive_reopens_it_for_the_target()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ReplyAsync(chat.ConversationId, anna, "Done for now");
        await Lifecycle.MarkDealtWithAsync(chat.ConversationId, anna);

        Assert.Equal(Outcome.Done, await Lifecycle.TransferAsync(chat.ConversationId, anna, bob.UserId, "Follow up please"));

        var conversation = await world.LoadAsync(chat.ConversationId);
        Assert.Equal((bob.UserId, ConversationStatus.Open, false), (conversation.OwnerId, conversation.Status, conversation.IsArchived));
    }

    [Fact]
    public async Task Dealt_with_closes_and_archives_and_the_next_message_starts_a_new_routed_conversation()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var phone = TestWorld.NewPhone();
        var first = await world.CustomerWritesAsync(channel, phone);
        await Lifecycle.ReplyAsync(first.ConversationId, anna, "Solved!");

        Assert.Equal(Outcome.Done, await Lifecycle.MarkDealtWithAsync(first.ConversationId, anna));
        var closed = await world.LoadAsync(first.ConversationId);
        Assert.Equal((ConversationStatus.DealtWith, true), (closed.Status, closed.IsArchived));

        var next = await world.CustomerWritesAsync(channel, phone, "New question");
        Assert.NotEqual(first.ConversationId, next.ConversationId);
        var fresh = await world.LoadAsync(next.ConversationId);
        Assert.Null(fresh.OwnerId);
        Assert.Equal(2, fresh.Offers.Count);
    }

    [Fact]
    public async Task Only_the_owner_archives_so_an_unowned_chat_never_disappears_from_its_queue()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());

        Assert.Equal(Outcome.NotApplicable, await Lifecycle.ArchiveAsync(chat.ConversationId, anna));

        Assert.False((await world.LoadAsync(chat.ConversationId)).IsArchived);
        Assert.Contains(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task A_message_brings_back_an_unowned_chat_archived_before_archiving_was_owner_only()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var phone = TestWorld.NewPhone();
        var chat = await world.CustomerWritesAsync(channel, phone);
        await using (var db = await world.CreateDbAsync())
            await db.Conversations.Where(c => c.Id == chat.ConversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsArchived, true));
        Assert.DoesNotContain(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);

        var next = await world.CustomerWritesAsync(channel, phone, "Anyone?");

        Assert.Equal(chat.ConversationId, next.ConversationId);
        Assert.Contains(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);
        Assert.Contains(await world.RecentAsync(anna), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task A_transfer_to_a_deactivated_colleague_is_refused()
    {
        var (anna, bob, admin) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ClaimAsync(chat.ConversationId, anna);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAccounts>().DeactivateAsync(bob.UserId, admin));

        Assert.Equal(Outcome.NotApplicable, await Lifecycle.TransferAsync(chat.ConversationId, anna, bob.UserId, null));

        Assert.Equal(anna.UserId, (await world.LoadAsync(chat.ConversationId)).OwnerId);
    }

    [Fact]
    public async Task Archive_hides_from_recent_without_closing_and_unarchive_brings_it_back()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ClaimAsync(chat.ConversationId, anna);

        Assert.Equal(Outcome.Done, await Lifecycle.ArchiveAsync(chat.ConversationId, anna));
        var archived = await world.LoadAsync(chat.ConversationId);
        Assert.Equal((ConversationStatus.Open, true), (archived.Status, archived.IsArchived));
        Assert.DoesNotContain(await world.RecentAsync(anna), i => i.Id == chat.ConversationId);

        Assert.Equal(Outcome.Done, await Lifecycle.UnarchiveAsync(chat.ConversationId, anna));
        Assert.Contains(await world.RecentAsync(anna), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task Delete_removes_content_for_good_but_keeps_an_audit_line()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "My account number is 12345");
        await Lifecycle.ReplyAsync(chat.ConversationId, anna, "Thanks");

        Assert.Equal(Outcome.NotAllowed, await Lifecycle.DeleteAsync(chat.ConversationId, bob));
        Assert.Equal(Outcome.Done, await Lifecycle.DeleteAsync(chat.ConversationId, anna));

        var deleted = await world.LoadAsync(chat.ConversationId);
        Assert.Empty(deleted.Messages);
        Assert.Null(deleted.LastMessagePreview);
        Assert.Contains(deleted.Events, e => e.Kind == ConversationEventKind.Deleted && e.ActorId == anna.UserId);
        Assert.Null(await world.ThreadAsync(chat.ConversationId, anna));
    }

    [Fact]
    public async Task An_admin_may_delete_a_conversation_they_do_not_own()
    {
        var (anna, admin) = (await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ClaimAsync(chat.ConversationId, anna);

        Assert.Equal(Outcome.Done, await Lifecycle.DeleteAsync(chat.ConversationId, admin));
        Assert.Equal(ConversationStatus.Deleted, (await world.LoadAsync(chat.ConversationId)).Status);
    }

    [Fact]
    public async Task Ignore_closes_an_unknown_senders_chat_without_blocking_them()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var phone = TestWorld.NewPhone();
        var spam = await world.CustomerWritesAsync(channel, phone, "Win a prize!!!");

        Assert.Equal(Outcome.Done, await Lifecycle.IgnoreAsync(spam.ConversationId, anna));
        var ignored = await world.LoadAsync(spam.ConversationId);
        Assert.Equal((ConversationStatus.Ignored, true), (ignored.Status, ignored.IsArchived));
        Assert.DoesNotContain(ignored.Messages, m => m.Direction == MessageDirection.Outbound);

        var next = await world.CustomerWritesAsync(channel, phone, "Sorry, real question now");
        Assert.NotEqual(spam.ConversationId, next.ConversationId);
    }

    [Fact]
    public async Task Ignore_is_not_offered_for_a_saved_contact()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await using (var db = await world.CreateDbAsync())
        {
            var contactId = (await world.LoadAsync(chat.ConversationId)).ContactId;
            await db.Contacts.Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsSaved, true));
        }

        Assert.Equal(Outcome.NotApplicable, await Lifecycle.IgnoreAsync(chat.ConversationId, anna));
    }

    [Fact]
    public async Task Every_state_change_is_recorded_with_who_and_when()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());

        await Lifecycle.ClaimAsync(chat.ConversationId, anna);
        await Lifecycle.ArchiveAsync(chat.ConversationId, anna);
        await Lifecycle.UnarchiveAsync(chat.ConversationId, anna);
        await Lifecycle.TransferAsync(chat.ConversationId, anna, bob.UserId, null);
        await Lifecycle.MarkDealtWithAsync(chat.ConversationId, bob);

        var events = (await world.LoadAsync(chat.ConversationId)).Events.OrderBy(e => e.Id).ToList();
        Assert.Equal(
            [ConversationEventKind.Created, ConversationEventKind.Offered, ConversationEventKind.Claimed, ConversationEventKind.Archived,
             ConversationEventKind.Unarchived, ConversationEventKind.Transferred, ConversationEventKind.DealtWith],
            events.Select(e => e.Kind));
        Assert.Equal([anna.UserId, anna.UserId, anna.UserId, anna.UserId, bob.UserId], events.Skip(2).Select(e => e.ActorId));
        Assert.All(events, e => Assert.True(e.At > DateTime.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task A_retried_provider_message_is_stored_once()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var phone = TestWorld.NewPhone();
        var sid = $"SM{Guid.NewGuid():N}";

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => world.CustomerWritesAsync(channel, phone, "Once", sid)));

        Assert.Single(deliveries.Select(d => d.MessageId).Distinct());
        Assert.Equal(4, deliveries.Count(d => d.Duplicate));
        Assert.Single((await world.LoadAsync(deliveries[0].ConversationId)).Messages);
    }

    [Fact]
    public async Task Changes_are_published_after_commit()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var seenInDatabase = new List<(ConversationChange Change, string? OwnerId)>();
        using var subscription = world.Bus.Subscribe(async change =>
        {
            await using var db = await world.CreateDbAsync();
            var ownerId = await db.Conversations.Where(c => c.Id == change.ConversationId).Select(c => c.OwnerId).SingleOrDefaultAsync();
            lock (seenInDatabase) seenInDatabase.Add((change.Change, ownerId));
        });

        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ClaimAsync(chat.ConversationId, anna);

        Assert.Contains((ConversationChange.Created, (string?)null), seenInDatabase);
        Assert.Contains((ConversationChange.Claimed, anna.UserId), seenInDatabase);
    }

    [Fact]
    public async Task Send_SMS_starts_an_outbound_conversation_owned_by_the_agent_once()
    {
        var (anna, outsider) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var first = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await Lifecycle.ReplyAsync(first.ConversationId, anna, "Solved");
        await Lifecycle.MarkDealtWithAsync(first.ConversationId, anna);
        var contactId = (await world.LoadAsync(first.ConversationId)).ContactId!.Value;

        var (outcome, started) = await Lifecycle.StartOutboundAsync(contactId, ChannelKind.Sms, anna);
        var (_, again) = await Lifecycle.StartOutboundAsync(contactId, ChannelKind.Sms, anna);

        Assert.Equal(Outcome.Done, outcome);
        Assert.NotEqual(first.ConversationId, started);
        Assert.Equal(started, again);
        var conversation = await world.LoadAsync(started!.Value);
        Assert.Equal((anna.UserId, ConversationStatus.Open, ChannelKind.Sms, contactId), (conversation.OwnerId, conversation.Status, conversation.Channel, conversation.ContactId!.Value));
        Assert.Equal(Outcome.NotAllowed, (await Lifecycle.StartOutboundAsync(contactId, ChannelKind.Sms, outsider)).Outcome);
        Assert.Equal(Outcome.NotApplicable, (await Lifecycle.StartOutboundAsync(contactId, ChannelKind.WhatsApp, anna)).Outcome);
    }
}
