using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Notifications;

public class NotificationFeedTests(AppFixture app) : IClassFixture<AppFixture>, IDisposable
{
    private readonly TestWorld world = app.World;
    private readonly List<Notification> raised = [];
    private NotificationFeed Feed => app.Factory.Services.GetRequiredService<NotificationFeed>();

    private IDisposable? subscription;

    private void Listen() => subscription = Feed.Subscribe(notification =>
    {
        lock (raised) raised.Add(notification);
    });

    public void Dispose() => subscription?.Dispose();

    private List<(string UserId, NotificationKind Kind)> For(long conversationId, NotificationKind? kind = null)
    {
        lock (raised)
            return raised.Where(n => n.ConversationId == conversationId && (kind is null || n.Kind == kind)).Select(n => (n.UserId, n.Kind)).ToList();
    }

    /// <summary>
    /// Notifications are decided off the publisher's path, in the order of the changes; once the expected ones have
    /// arrived, everything decided about earlier changes has arrived too.
    /// </summary>
    private async Task<List<(string UserId, NotificationKind Kind)>> ArrivedAsync(long conversationId, NotificationKind kind, int count)
    {
        for (var tries = 0; tries < 500 && For(conversationId, kind).Count < count; tries++) await Task.Delay(20);
        return For(conversationId, kind);
    }

    [Fact]
    public async Task A_new_chat_notifies_the_agents_it_is_offered_to_and_nobody_else()
    {
        var (anna, bob, outsider) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        Listen();

        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Hello there");

        var offered = await ArrivedAsync(chat.ConversationId, NotificationKind.NewChatOffered, 2);
        Assert.Equal(new[] { (anna.UserId, NotificationKind.NewChatOffered), (bob.UserId, NotificationKind.NewChatOffered) }.Order(), offered.Order());
        Assert.Equal(offered, For(chat.ConversationId));
        lock (raised)
        {
            Assert.DoesNotContain(raised, n => n.UserId == outsider.UserId);
            Assert.Equal("Hello there", raised.First(n => n.ConversationId == chat.ConversationId).Preview);
        }
    }

    [Fact]
    public async Task A_customer_message_notifies_the_owner_but_the_owners_own_reply_notifies_nobody()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var phone = TestWorld.NewPhone();
        Listen();
        var chat = await world.CustomerWritesAsync(channel, phone);

        await world.Lifecycle.ReplyAsync(chat.ConversationId, anna, "Hi!");
        await world.CustomerWritesAsync(channel, phone, "Thanks");

        // Anna's reply, decided before the customer's answer, notified nobody.
        Assert.Equal([(anna.UserId, NotificationKind.CustomerMessage)], await ArrivedAsync(chat.ConversationId, NotificationKind.CustomerMessage, 1));
    }

    [Fact]
    public async Task A_transfer_notifies_the_target_not_the_transferor()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        await world.Lifecycle.ClaimAsync(chat.ConversationId, anna);
        Listen();

        await world.Lifecycle.TransferAsync(chat.ConversationId, anna, bob.UserId, null);

        Assert.Equal([(bob.UserId, NotificationKind.TransferredToMe)], await ArrivedAsync(chat.ConversationId, NotificationKind.TransferredToMe, 1));
    }
}
