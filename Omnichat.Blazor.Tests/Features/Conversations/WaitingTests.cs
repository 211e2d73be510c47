using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>Pending and snoozed, against the real app with its snooze worker running on a fake clock.</summary>
public class WaitingTests(FakeClockAppFixture app) : IClassFixture<FakeClockAppFixture>
{
    private readonly TestWorld world = app.World;
    private readonly FakeTimeProvider clock = app.Factory.Clock!;
    private ConversationWaiting Waiting => app.Factory.Services.GetRequiredService<ConversationWaiting>();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A chat <paramref name="owner"/> answered, so it is theirs; and the customer's phone number.</summary>
    private async Task<(long Id, int Channel, string Phone)> OwnedChatAsync(Viewer owner)
    {
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, owner);
        var phone = TestWorld.NewPhone();
        var chat = await world.CustomerWritesAsync(channel, phone, "My parcel is late");
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(chat.ConversationId, owner, "I'll ask the courier and come back to you")).Outcome);
        return (chat.ConversationId, channel, phone);
    }

    private async Task<IReadOnlyList<long>> ListedAsync(Viewer viewer, InboxState state) =>
        (await world.Inbox.RecentAsync(viewer, new InboxFilter(State: state))).Items.Select(i => i.Id).ToList();

    [Fact]
    public async Task A_snoozed_chat_leaves_the_open_view_and_comes_back_at_its_time_with_a_notice_to_its_owner()
    {
        var anna = await world.UserAsync();
        var (id, _, _) = await OwnedChatAsync(anna);
        var until = Now.AddHours(2);

        Assert.Equal(Outcome.Done, await Waiting.SnoozeAsync(id, anna, until));

        Assert.DoesNotContain(id, await ListedAsync(anna, InboxState.Open));
        Assert.DoesNotContain(id, await ListedAsync(anna, InboxState.Assigned));
        var row = Assert.Single((await world.Inbox.RecentAsync(anna, new InboxFilter(State: InboxState.Snoozed))).Items, i => i.Id == id);
        Assert.Equal((WaitingState.Snoozed, until), (row.Waiting, row.SnoozedUntil));
        Assert.Contains(id, await ListedAsync(anna, InboxState.Any));
        var snoozed = Assert.Single((await world.LoadAsync(id)).Events, e => e.Kind == ConversationEventKind.Snoozed);
        Assert.Equal((anna.UserId, until), (snoozed.ActorId, snoozed.Until));

        // A minute early it is still asleep, and the next wake-up is its time.
        clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(until, await Waiting.WakeDueAsync());
        Assert.Equal(WaitingState.Snoozed, (await world.LoadAsync(id)).Waiting);

        var notified = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = app.Factory.Services.GetRequiredService<NotificationFeed>().Subscribe(n =>
        {
            if (n.ConversationId == id && n.Kind == NotificationKind.SnoozeEnded) notified.TrySetResult(n);
        });
        // Time comes: the worker, asleep until then, wakes it without being asked.
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(anna.UserId, (await notified.Task.WaitAsync(TimeSpan.FromSeconds(30))).UserId);
        var back = await world.LoadAsync(id);
        Assert.Equal((ConversationStatus.Open, WaitingState.None, (DateTime?)null), (back.Status, back.Waiting, back.SnoozedUntil));
        Assert.Contains(back.Events, e => e.Kind == ConversationEventKind.SnoozeEnded);
        Assert.Contains(id, await ListedAsync(anna, InboxState.Open));
        Assert.DoesNotContain(id, await ListedAsync(anna, InboxState.Snoozed));
    }

    [Fact]
    public async Task The_customers_next_message_brings_a_snoozed_chat_back_before_its_time_and_only_once()
    {
        var anna = await world.UserAsync();
        var (id, channel, phone) = await OwnedChatAsync(anna);
        Assert.Equal(Outcome.Done, await Waiting.SnoozeAsync(id, anna, Now.AddDays(1)));

        var next = await world.CustomerWritesAsync(channel, phone, "Any news?");

        Assert.Equal(id, next.ConversationId);
        var back = await world.LoadAsync(id);
        Assert.Equal((WaitingState.None, (DateTime?)null), (back.Waiting, back.SnoozedUntil));
        Assert.Contains(back.Events, e => e.Kind == ConversationEventKind.ReopenedByCustomer);
        Assert.Contains(id, await ListedAsync(anna, InboxState.Open));

        // Its old time passes without a second return.
        clock.Advance(TimeSpan.FromDays(1));
        await Waiting.WakeDueAsync();
        Assert.DoesNotContain((await world.LoadAsync(id)).Events, e => e.Kind == ConversationEventKind.SnoozeEnded);
    }

    [Fact]
    public async Task A_pending_chat_waits_for_the_customer_through_the_agents_own_replies()
    {
        var anna = await world.UserAsync();
        var (id, channel, phone) = await OwnedChatAsync(anna);

        Assert.Equal(Outcome.Done, await Waiting.MarkPendingAsync(id, anna));
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(id, anna, "Still checking with the courier")).Outcome);

        Assert.Equal(WaitingState.Pending, (await world.LoadAsync(id)).Waiting);
        Assert.DoesNotContain(id, await ListedAsync(anna, InboxState.Open));
        Assert.Contains(id, await ListedAsync(anna, InboxState.Pending));
        Assert.DoesNotContain(id, await ListedAsync(anna, InboxState.Snoozed));
        // A console's live list decides with the same filter in memory.
        var row = await world.LoadAsync(id);
        Assert.True(InboxQuery.Conditions(new InboxFilter(State: InboxState.Pending)).All(c => c.Compile()(row)));
        Assert.False(InboxQuery.Conditions(new InboxFilter(State: InboxState.Open)).All(c => c.Compile()(row)));

        await world.CustomerWritesAsync(channel, phone, "Got it, thanks!");

        var back = await world.LoadAsync(id);
        Assert.Equal(WaitingState.None, back.Waiting);
        Assert.Contains(back.Events, e => e.Kind == ConversationEventKind.ReopenedByCustomer);
        Assert.Contains(id, await ListedAsync(anna, InboxState.Open));
        Assert.DoesNotContain(id, await ListedAsync(anna, InboxState.Pending));
    }

    [Fact]
    public async Task Only_the_owner_sets_a_chat_waiting_and_only_to_a_time_to_come()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var unowned = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;

        // Unowned, it would vanish from the whole queue's view.
        Assert.Equal(Outcome.NotApplicable, await Waiting.MarkPendingAsync(unowned, anna));
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(unowned, anna));
        Assert.Equal(Outcome.Taken, await Waiting.SnoozeAsync(unowned, bob, Now.AddHours(1)));
        Assert.Equal(Outcome.NotApplicable, await Waiting.SnoozeAsync(unowned, anna, Now.AddMinutes(-1)));
        Assert.Equal(Outcome.NotApplicable, await Waiting.SnoozeAsync(unowned, anna, Now.AddDays(400)));
        Assert.Equal(Outcome.NotApplicable, await Waiting.ReopenAsync(unowned, anna));
        Assert.Equal(WaitingState.None, (await world.LoadAsync(unowned)).Waiting);
    }

    [Fact]
    public async Task Reopening_dealing_with_or_handing_over_ends_the_waiting()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var (reopened, _, _) = await OwnedChatAsync(anna);
        var (dealtWith, _, _) = await OwnedChatAsync(anna);
        var (handedOver, _, _) = await OwnedChatAsync(anna);
        foreach (var id in new[] { reopened, dealtWith, handedOver }) Assert.Equal(Outcome.Done, await Waiting.SnoozeAsync(id, anna, Now.AddHours(3)));

        Assert.Equal(Outcome.Done, await Waiting.ReopenAsync(reopened, anna));
        Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(dealtWith, anna));
        Assert.Equal(Outcome.Done, await world.Lifecycle.TransferAsync(handedOver, anna, bob.UserId, null));

        Assert.Contains((await world.LoadAsync(reopened)).Events, e => e.Kind == ConversationEventKind.Reopened && e.ActorId == anna.UserId);
        Assert.Contains(reopened, await ListedAsync(anna, InboxState.Open));
        Assert.Contains(handedOver, await ListedAsync(bob, InboxState.Open));
        foreach (var id in new[] { reopened, dealtWith, handedOver })
            Assert.Equal((WaitingState.None, (DateTime?)null), ((await world.LoadAsync(id)).Waiting, (await world.LoadAsync(id)).SnoozedUntil));
        // A dealt-with chat stays closed when its old snooze time passes.
        clock.Advance(TimeSpan.FromHours(3));
        await Waiting.WakeDueAsync();
        Assert.Equal(ConversationStatus.DealtWith, (await world.LoadAsync(dealtWith)).Status);
    }
}
