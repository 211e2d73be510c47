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

    private List<(string UserId, NotificationKind Kind)> For(long conversationId) =>
        raised.Where(n => n.ConversationId == conversationId).Select(n => (n.UserId, n.Kind)).ToList();

    [Fact]
    public async Task A_new_chat_notifies_the_agents_it_is_offered_to_and_nobody_else()
    {
        var (anna, bob, outsider) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        Listen();

        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Hello there");

        Assert.Equal(new[] { (anna.UserId, NotificationKind.NewChatOffered), (bob.UserId, NotificationKind.NewChatOffered) }.Order(), For(chat.ConversationId).Order());
        Assert.DoesNotContain(raised, n => n.UserId == outsider.UserId);
        Assert.Equal("Hello there", raised.First(n => n.ConversationId == chat.ConversationId).Preview);
    }

    [Fact]
    public async Task A_customer_message_notifies_the_owner_but_the_owners_own_reply_notifies_nobody()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var phone = TestWorld.NewPhone();
        var chat = await world.CustomerWritesAsync(channel, phone);
        Listen();

        await world.Lifecycle.ReplyAsync(chat.ConversationId, anna, "Hi!");
        Assert.Empty(For(chat.ConversationId));

        await world.CustomerWritesAsync(channel, phone, "Thanks");
        Assert.Equal([(anna.UserId, NotificationKind.CustomerMessage)], For(chat.ConversationId));
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

        Assert.Equal([(bob.UserId, NotificationKind.TransferredToMe)], For(chat.ConversationId));
    }
}
