using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Supervision;

namespace Omnichat.Blazor.Tests.Features.Supervision;

/// <summary>The live queue view's state follows committed changes in memory, as a reload would show it.</summary>
public class LiveQueueBoardTests
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static LiveQueueBoard Board() => new(
        [new BoardQueue(1, "Support", MaxOpenChatsPerAgent: 2, ["anna", "bob"])],
        [new BoardAgent("anna", "Anna", IsAway: false, Online: true, LastReplyAt: null), new BoardAgent("bob", "Bob", IsAway: false, Online: false, LastReplyAt: null)],
        []);

    private static ConversationUpdate Update(long id, ConversationChange change, string? owner = null, ConversationStatus status = ConversationStatus.Open,
        DateTime? at = null, string? actor = null, ChannelKind channel = ChannelKind.Sms) =>
        new(new ConversationChanged(id, change, actor), new ConversationSnapshot(
            new Conversation { Id = id, Channel = channel, QueueId = 1, OwnerId = owner, Status = status, CreatedAt = Start, OfferedAt = Start, LastActivityAt = at ?? Start },
            "Customer", owner, "Support", 1, new Dictionary<string, int>()));

    [Fact]
    public void A_chat_waits_until_claimed_then_counts_for_its_owner_until_closed()
    {
        var board = Board();

        Assert.True(board.Apply(Update(7, ConversationChange.Created)));
        Assert.Equal(TimeSpan.FromMinutes(3), board.LongestWait(1, Start.AddMinutes(3)));
        Assert.Single(board.WaitingIn(1));

        board.Apply(Update(7, ConversationChange.Claimed, owner: "anna", actor: "anna"));
        Assert.Empty(board.WaitingIn(1));
        Assert.Null(board.LongestWait(1, Start.AddMinutes(3)));
        Assert.Equal(1, board.OpenChatsOf("anna"));

        board.Apply(Update(7, ConversationChange.StatusChanged, owner: "anna", status: ConversationStatus.DealtWith, actor: "anna"));
        Assert.Equal(0, board.OpenChatsOf("anna"));
        Assert.Empty(board.Chats);
    }

    [Fact]
    public void An_agents_reply_sets_their_last_reply_and_a_customers_message_does_not()
    {
        var board = Board();
        board.Apply(Update(8, ConversationChange.Created));

        board.Apply(Update(8, ConversationChange.MessageAdded, owner: "anna", at: Start.AddMinutes(1), actor: "anna"));
        board.Apply(Update(8, ConversationChange.MessageAdded, owner: "anna", at: Start.AddMinutes(5)));

        Assert.Equal(Start.AddMinutes(1), board.Agent("anna")!.LastReplyAt);
        Assert.Null(board.Agent("bob")!.LastReplyAt);
    }

    [Fact]
    public void Presence_changes_move_an_agent_between_available_away_and_offline()
    {
        var board = Board();

        board.Apply(new PresenceChange("bob", Online: true));
        Assert.Equal(AgentAvailability.Available, board.Agent("bob")!.Availability);
        board.Apply(new PresenceChange("bob", Online: true, IsAway: true));
        Assert.Equal(AgentAvailability.Away, board.Agent("bob")!.Availability);
        board.Apply(new PresenceChange("bob", Online: false));
        Assert.Equal(AgentAvailability.Offline, board.Agent("bob")!.Availability);
        Assert.False(board.Apply(new PresenceChange("someone-else", Online: true)));
    }

    [Fact]
    public void Internal_chats_are_not_on_the_board()
    {
        var board = Board();

        Assert.False(board.Apply(Update(9, ConversationChange.Created, channel: ChannelKind.Internal)));
        Assert.Empty(board.Chats);
    }

    [Theory]
    [InlineData(42, "0:42")]
    [InlineData(725, "12:05")]
    [InlineData(3789, "1:03:09")]
    [InlineData(-5, "0:00")]
    public void Waits_read_like_a_clock(int seconds, string shown) => Assert.Equal(shown, WaitTime.Format(TimeSpan.FromSeconds(seconds)));
}
