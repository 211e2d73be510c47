using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using System.Text.RegularExpressions;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Notifications;

public class NotificationHostTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task A_notification_to_a_tab_that_just_closed_does_not_end_the_console()
    {
        var agent = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        await app.Factory.Services.GetRequiredService<ChatSettings>().SaveAsync(new UserChatSettings { UserId = agent.UserId, WebNotifications = true });
        await using var ctx = AppComponentContext.For(app, agent);
        var browser = ctx.JSInterop.SetupModule("./js/notifications.js");
        // The first browser notification goes to a tab that closes meanwhile; the call is cancelled.
        browser.Setup<bool>("notify", call => call.Arguments[0] is "New chat from +31600000001").SetException(new TaskCanceledException());
        browser.Setup<bool>("notify", call => call.Arguments[0] is "New chat from +31600000002").SetResult(true);
        var notices = ctx.Render<MudSnackbarProvider>();
        ctx.Render<NotificationHost>();

        await world.CustomerWritesAsync(channel, "+31600000001", "First");
        await notices.WaitForAssertionAsync(() => Assert.Contains("New chat from +31600000001", notices.Markup));
        await world.CustomerWritesAsync(channel, "+31600000002", "Second");

        await notices.WaitForAssertionAsync(() => Assert.Contains("New chat from +31600000002", notices.Markup));
        await notices.WaitForAssertionAsync(() => Assert.Equal(2, browser.Invocations["notify"].Count));
        Assert.False(ctx.Renderer.UnhandledException.IsCompleted);
    }

    [Fact]
    public async Task The_new_chat_notice_goes_when_a_colleague_takes_the_chat()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var other = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        await using var ctx = AppComponentContext.For(app, bob);
        var notices = ctx.Render<MudSnackbarProvider>();
        ctx.Render<NotificationHost>();

        var taken = await world.CustomerWritesAsync(channel, "+31600000011", "Anyone there?");
        await world.CustomerWritesAsync(other, "+31600000012", "Hello?");
        await notices.WaitForAssertionAsync(() => Assert.Contains("New chat from +31600000011", notices.Markup));
        await notices.WaitForAssertionAsync(() => Assert.Contains("New chat from +31600000012", notices.Markup));

        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(taken.ConversationId, anna));

        await notices.WaitForAssertionAsync(() => Assert.DoesNotContain("New chat from +31600000011", notices.Markup));
        // The notice of the chat still offered to Bob stays.
        Assert.Contains("New chat from +31600000012", notices.Markup);
    }

    [Fact]
    public async Task The_tab_title_counts_unread_chats_live_and_drops_one_when_it_is_read()
    {
        var agent = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        await using var ctx = AppComponentContext.For(app, agent);
        var browser = ctx.JSInterop.SetupModule("./js/notifications.js");
        browser.SetupVoid("setUnreadCount", _ => true);
        ctx.Render<NotificationHost>();
        // The count goes to the browser, not into the markup: wait for the call that shows it.
        object? Shown() => browser.Invocations["setUnreadCount"].LastOrDefault().Arguments?.FirstOrDefault();
        async Task TitleShowsAsync(int expected)
        {
            for (var tries = 0; tries < 500 && !Equals(Shown(), expected); tries++) await Task.Delay(20);
            Assert.Equal(expected, Shown());
        }
        await TitleShowsAsync(0);

        var first = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "One");
        await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Two");
        await TitleShowsAsync(2);

        var newest = (await world.LoadAsync(first.ConversationId)).Messages.Max(m => m.Id);
        await app.Factory.Services.GetRequiredService<ConversationReadMarks>().MarkReadAsync(first.ConversationId, agent.UserId, newest);

        await TitleShowsAsync(1);
    }

    [Fact]
    public async Task A_storm_of_new_chats_is_announced_in_a_summary_not_a_notice_and_a_sound_each()
    {
        var agent = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        await app.Factory.Services.GetRequiredService<ChatSettings>().SaveAsync(
            new UserChatSettings { UserId = agent.UserId, WebNotifications = true, SoundEnabled = true });
        await using var ctx = AppComponentContext.For(app, agent);
        var browser = ctx.JSInterop.SetupModule("./js/notifications.js");
        browser.Setup<bool>("notify", _ => true).SetResult(true);
        browser.Setup<bool>("play", _ => true).SetResult(true);
        browser.SetupVoid("setUnreadCount", _ => true);
        var notices = ctx.Render<MudSnackbarProvider>();
        ctx.Render<NotificationHost>();

        // Ten customers in one processed batch, as when a campaign goes out or the console comes back after a pause.
        var storm = Enumerable.Range(0, 10)
            .Select(_ => new InboundMessage(channel, IdentityKind.Phone, TestWorld.NewPhone(), null, "Is the sale still on?")).ToList();
        var writer = app.Factory.Services.GetRequiredService<IDbWriter>();
        await world.Intake.PublishAsync(await writer.WriteAsync((db, ct) => world.Intake.AddAsync(db, storm, ct)));

        // One summary instead of a notice each; a chat announced on its own first (the burst began with it) may stand beside it.
        await notices.WaitForAssertionAsync(() => Assert.Contains("Many new chats and messages at once", notices.Markup));
        Assert.True(notices.FindAll(".mud-snackbar").Count <= 2);
        Assert.True(browser.Invocations["play"].Count <= 2);

        // A second storm while the summary is on screen adds no notice and no sound.
        var plays = browser.Invocations["play"].Count;
        var second = Enumerable.Range(0, 10)
            .Select(_ => new InboundMessage(channel, IdentityKind.Phone, TestWorld.NewPhone(), null, "And me?")).ToList();
        await world.Intake.PublishAsync(await writer.WriteAsync((db, ct) => world.Intake.AddAsync(db, second, ct)));
        // The console has taken the second storm in once the tab title counts all twenty chats (the same changes feed both).
        bool CountsTwenty() => browser.Invocations["setUnreadCount"].Any(call => call.Arguments[0] is int n && n >= 20);
        for (var tries = 0; tries < 500 && !CountsTwenty(); tries++) await Task.Delay(20);
        Assert.True(CountsTwenty());
        Assert.Single(notices.FindAll(".mud-snackbar"), s => s.TextContent.Contains("Many new chats"));
        Assert.Equal(plays, browser.Invocations["play"].Count);
    }
}

