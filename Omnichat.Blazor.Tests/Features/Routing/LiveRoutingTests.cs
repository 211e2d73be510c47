using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

/// <summary>
/// Routing reacts live (issue 18): waiting chats are offered again when agents come and go or free a place, and a
/// queue's maximum of open chats is a hard cap for the strategies.
/// </summary>
public class LiveRoutingTests(AppFixture app) : IClassFixture<AppFixture>, IDisposable
{
    private readonly TestWorld world = app.World;
    private readonly List<IDisposable> consoles = [];
    private OfferReplanning Replanning => app.Factory.Services.GetRequiredService<OfferReplanning>();

    /// <summary>Opens a console for each agent, which is what makes them available.</summary>
    private void Online(params Viewer[] agents) => consoles.AddRange(agents.Select(a => world.Presence.Connect(a.UserId)));

    public void Dispose() => consoles.ForEach(c => c.Dispose());

    private async Task<string[]> OffersAsync(long conversationId) =>
        (await world.LoadAsync(conversationId)).Offers.Select(o => o.UserId).Order().ToArray();

    private static string[] Ids(params Viewer[] agents) => agents.Select(a => a.UserId).Order().ToArray();

    private async Task<long> ChatAsync(int channel) => (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;

    /// <summary>
    /// Completes once routing has announced a new offer for each of the chats, which it does after the write committed.
    /// Start it before the change that should move them.
    /// </summary>
    private Task ReofferedAsync(params long[] conversationIds)
    {
        var waiting = conversationIds.ToHashSet();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = world.Bus.Subscribe(change =>
        {
            if (change.Change != ConversationChange.Reoffered) return;
            lock (waiting)
                if (waiting.Remove(change.ConversationId) && waiting.Count == 0) done.TrySetResult();
        });
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t =>
        {
            subscription.Dispose();
            return t;
        }).Unwrap();
    }

    [Fact]
    public async Task An_offered_agent_who_goes_away_loses_the_offer_to_the_next_available_agent()
    {
        var agents = await world.AgentsAsync(3);
        Online(agents);
        var channel = await world.ChannelForAsync(AssignmentStrategy.RoundRobin, agents);
        var chat = await ChatAsync(channel);
        Assert.Equal(Ids(agents[0]), await OffersAsync(chat));

        var moved = ReofferedAsync(chat);
        await world.Presence.SetAwayAsync(agents[0].UserId, true);
        await moved;

        Assert.Equal(Ids(agents[1]), await OffersAsync(chat));
        var audit = (await world.LoadAsync(chat)).Events.OrderBy(e => e.Id).Last();
        Assert.Equal((ConversationEventKind.Reoffered, agents[1].UserId), (audit.Kind, audit.TargetId));
        Assert.DoesNotContain(await world.RecentAsync(agents[0]), i => i.Id == chat);
        Assert.Contains(await world.RecentAsync(agents[1]), i => i.Id == chat);
    }

    [Fact]
    public async Task Consoles_see_the_offer_move_without_a_reload()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var channel = await world.ChannelForAsync(AssignmentStrategy.RoundRobin, agents);
        var chat = await ChatAsync(channel);
        await using var annasTab = AppComponentContext.For(app, agents[0]);
        await using var bobsTab = AppComponentContext.For(app, agents[1]);
        var (anna, bob) = (annasTab.Render<InboxPanel>(p => p.Add(c => c.Viewer, agents[0])), bobsTab.Render<InboxPanel>(p => p.Add(c => c.Viewer, agents[1])));
        var row = $"[data-testid=inbox-item][data-conversation-id='{chat}']";
        await anna.WaitForAssertionAsync(() => Assert.Single(anna.FindAll(row)));
        await bob.WaitForAssertionAsync(() => Assert.Empty(bob.FindAll(row)));

        var moved = ReofferedAsync(chat);
        await world.Presence.SetAwayAsync(agents[0].UserId, true);
        await moved;

        Assert.Equal(Ids(agents[1]), await OffersAsync(chat));
        await bob.WaitForAssertionAsync(() => Assert.Single(bob.FindAll(row)));
        await anna.WaitForAssertionAsync(() => Assert.Empty(anna.FindAll(row)));
    }

    /// <summary>Two agents online in a round-robin queue, and a new chat offered to the first.</summary>
    private async Task<(Viewer[] Agents, long Chat)> OfferedChatOfTwoAsync()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var channel = await world.ChannelForAsync(AssignmentStrategy.RoundRobin, agents);
        return (agents, await ChatAsync(channel));
    }

    /// <summary>The chat open in the agent's console, offered to her: she may take it.</summary>
    private async Task<IRenderedComponent<Providers>> OpenOfferedAsync(BunitContext tab, Viewer agent, long chat)
    {
        var view = ConversationView.Render(app, tab, agent, chat);
        await view.WaitForElementAsync("[data-testid=take-ownership]");
        return view;
    }

    [Fact]
    public async Task The_agent_who_went_away_is_told_why_the_open_chat_left_and_the_next_one_is_notified()
    {
        var (agents, chat) = await OfferedChatOfTwoAsync();
        await using var annasTab = AppComponentContext.For(app, agents[0]);
        var view = await OpenOfferedAsync(annasTab, agents[0], chat);
        var notified = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var feed = app.Factory.Services.GetRequiredService<NotificationFeed>().Subscribe(notification =>
        {
            if (notification.ConversationId == chat && notification.UserId == agents[1].UserId) notified.TrySetResult(notification);
        });

        var moved = ReofferedAsync(chat);
        await world.Presence.SetAwayAsync(agents[0].UserId, true);
        await moved;

        Assert.Equal(NotificationKind.NewChatOffered, (await notified.Task.WaitAsync(TimeSpan.FromSeconds(30))).Kind);
        await view.WaitForAssertionAsync(() => Assert.Contains("now offered to a colleague who is available", view.Find("[data-testid=conversation-lost]").TextContent));
    }

    [Fact]
    public async Task A_console_that_finds_its_chat_gone_before_the_reoffer_is_announced_still_says_it_was_reoffered()
    {
        var (agents, chat) = await OfferedChatOfTwoAsync();
        await using var annasTab = AppComponentContext.For(app, agents[0]);
        var view = await OpenOfferedAsync(annasTab, agents[0], chat);

        // The offer has moved to Bob, and Anna's console reloads (for another change) before the reoffer's own change
        // reaches it: as when its first reload after subscribing runs between the reoffer's commit and its change.
        await using (var db = await world.CreateDbAsync())
        {
            await db.ConversationOffers.Where(o => o.ConversationId == chat).ExecuteDeleteAsync();
            db.ConversationOffers.Add(new ConversationOffer { ConversationId = chat, UserId = agents[1].UserId });
            await db.SaveChangesAsync();
        }
        await world.Bus.PublishAsync(new ConversationChanged(chat, ConversationChange.LabelsChanged));
        await view.WaitForElementAsync("[data-testid=conversation-lost]");

        await world.Bus.PublishAsync(new ConversationChanged(chat, ConversationChange.Reoffered));
        await view.WaitForAssertionAsync(() => Assert.Contains("now offered to a colleague who is available", view.Find("[data-testid=conversation-lost]").TextContent));
    }

    [Fact]
    public async Task With_nobody_left_available_everyone_in_the_queue_sees_the_chat_and_the_first_back_gets_it()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents[0]);
        var channel = await world.ChannelForAsync(AssignmentStrategy.LeastBusy, agents);
        var chat = await ChatAsync(channel);
        Assert.Equal(Ids(agents[0]), await OffersAsync(chat));

        var widened = ReofferedAsync(chat);
        await world.Presence.SetAwayAsync(agents[0].UserId, true);
        await widened;
        Assert.Equal(Ids(agents), await OffersAsync(chat));

        var narrowed = ReofferedAsync(chat);
        Online(agents[1]);
        await narrowed;
        Assert.Equal(Ids(agents[1]), await OffersAsync(chat));
    }

    [Fact]
    public async Task Closing_the_last_console_moves_the_offer_but_closing_one_of_two_does_not()
    {
        var agents = await world.AgentsAsync(2);
        var firstTab = world.Presence.Connect(agents[0].UserId);
        var secondTab = world.Presence.Connect(agents[0].UserId);
        Online(agents[1]);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.TopN, agents, topN: 1));
        var chat = await ChatAsync(channel);
        Assert.Equal(Ids(agents[0]), await OffersAsync(chat));

        firstTab.Dispose();
        // Still signed in in the other tab: planning again changes nothing.
        Assert.Equal(0, await Replanning.ReplanAsync(new RoutingChange([agents[0].UserId], [], [])));
        Assert.Equal(Ids(agents[0]), await OffersAsync(chat));

        // Once the reconnect grace has passed without a new console, she is gone.
        var moved = ReofferedAsync(chat);
        secondTab.Dispose();
        await moved;
        Assert.Equal(Ids(agents[1]), await OffersAsync(chat));
    }

    [Fact]
    public async Task Signing_out_moves_the_offer_even_while_another_console_is_still_open()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        Online(anna, anna, bob);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.TopN, [anna, bob], topN: 1));
        var chat = await ChatAsync(channel);
        Assert.Equal(Ids(anna), await OffersAsync(chat));
        var client = await HttpSignIn.SignedInAsync(app.Factory, (await world.ProfileAsync(anna)).Email);
        var token = await HttpSignIn.AntiforgeryTokenAsync(client, "/");

        var moved = ReofferedAsync(chat);
        var signOut = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["ReturnUrl"] = "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await moved;

        Assert.Equal(Ids(bob), await OffersAsync(chat));
        Assert.False(world.Presence.IsOnline(anna.UserId));
        // Signing in again and opening a console makes her available again.
        Online(anna);
        Assert.True(world.Presence.IsOnline(anna.UserId));
    }

    [Fact]
    public async Task Freed_capacity_pulls_the_oldest_waiting_chat()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, agents, maxOpen: 1));
        var annasChat = await OwnedChatAsync(channel, agents[0]);
        await OwnedChatAsync(channel, agents[1]);
        var (oldest, newer) = (await ChatAsync(channel), await ChatAsync(channel));
        // Both at their maximum: nobody has a place, so everyone sees both.
        Assert.Equal(Ids(agents), await OffersAsync(oldest));
        Assert.Equal(Ids(agents), await OffersAsync(newer));

        var pulled = ReofferedAsync(oldest);
        Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(annasChat, agents[0]));
        await pulled;

        Assert.Equal(Ids(agents[0]), await OffersAsync(oldest));
        Assert.Equal(Ids(agents), await OffersAsync(newer));
    }

    [Fact]
    public async Task An_agent_at_the_maximum_gets_no_offer_and_a_claim_beyond_it_needs_their_confirmation()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.LeastBusy, agents, maxOpen: 1));
        // A chat offered to one agent alone takes their place while it waits.
        var (first, second, third) = (await ChatAsync(channel), await ChatAsync(channel), await ChatAsync(channel));
        Assert.Equal(Ids(agents[0]), await OffersAsync(first));
        Assert.Equal(Ids(agents[1]), await OffersAsync(second));
        Assert.Equal(Ids(agents), await OffersAsync(third));

        // Taking the chat everyone sees fills Anna's place, so the chat waiting for her alone moves on: oldest first, it
        // takes Bob's one place, and the chat that waited for Bob goes back to everyone.
        var moved = ReofferedAsync(first, second);
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(third, agents[0]));
        await moved;
        Assert.Equal(Ids(agents[1]), await OffersAsync(first));
        Assert.Equal(Ids(agents), await OffersAsync(second));

        // Anna still sees that one, but taking it would go past her maximum: only with her confirmation.
        Assert.Equal(Outcome.AtCapacity, await world.Lifecycle.ClaimAsync(second, agents[0]));
        var reply = await world.Lifecycle.ReplyAsync(second, agents[0], "Hello!");
        Assert.Equal(Outcome.AtCapacity, reply.Outcome);
        var unchanged = await world.LoadAsync(second);
        Assert.Null(unchanged.OwnerId);
        Assert.DoesNotContain(unchanged.Messages, m => m.Direction == MessageDirection.Outbound);

        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(second, agents[0], beyondCapacity: true));
        Assert.Equal(agents[0].UserId, (await world.LoadAsync(second)).OwnerId);
    }

    [Fact]
    public async Task Two_agents_freeing_a_place_at_the_same_moment_each_get_one_waiting_chat()
    {
        var agents = await world.AgentsAsync(2);
        Online(agents);
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, agents, maxOpen: 1));
        var owned = new[] { await OwnedChatAsync(channel, agents[0]), await OwnedChatAsync(channel, agents[1]) };
        var waiting = new[] { await ChatAsync(channel), await ChatAsync(channel), await ChatAsync(channel) };

        using var start = new ManualResetEventSlim();
        var freeing = agents.Select((agent, i) => Task.Run(async () =>
        {
            start.Wait();
            Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(owned[i], agent));
            await Replanning.ReplanAsync(new RoutingChange([], [agent.UserId], [owned[i]]));
        })).ToArray();
        start.Set();
        await Task.WhenAll(freeing);

        // The two oldest go one to each; the newest still waits for whoever frees a place next, seen by everyone.
        var offers = await Task.WhenAll(waiting.Select(OffersAsync));
        Assert.Single(offers[0]);
        Assert.Single(offers[1]);
        Assert.Equal(Ids(agents), offers[0].Concat(offers[1]).Order().ToArray());
        Assert.Equal(Ids(agents), offers[2]);

        // Both now try to take every waiting chat at once: each ends with exactly one, and no chat with two owners.
        var claims = agents.SelectMany(agent => waiting.Select(chat => Task.Run(() => world.Lifecycle.ClaimAsync(chat, agent)))).ToArray();
        await Task.WhenAll(claims);
        var owners = (await Task.WhenAll(waiting.Select(world.LoadAsync))).Select(c => c.OwnerId).OfType<string>().ToList();
        Assert.Equal(Ids(agents), owners.Order().ToArray());
    }

    /// <summary>A chat the agent owns: offered to them (they are the only one with a place) and taken.</summary>
    private async Task<long> OwnedChatAsync(int channel, Viewer agent)
    {
        var chat = await ChatAsync(channel);
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(chat, agent));
        return chat;
    }
}
