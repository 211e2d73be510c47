using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Features.Supervision;

public sealed record BoardQueue(int Id, string Name, int? MaxOpenChatsPerAgent, IReadOnlyList<string> MemberIds);

/// <summary>An agent as the board shows them; <see cref="LastReplyAt"/> is their latest reply to a customer, if any.</summary>
public sealed record BoardAgent(string Id, string DisplayName, bool IsAway, bool Online, DateTime? LastReplyAt)
{
    public AgentAvailability Availability => !Online ? AgentAvailability.Offline : IsAway ? AgentAvailability.Away : AgentAvailability.Available;
}

/// <summary>An open customer conversation; nobody owns one that waits.</summary>
public sealed record BoardChat(long Id, ChannelKind Channel, int? QueueId, string? QueueName, string ContactName, string? OwnerId, string? OwnerName,
    DateTime WaitingSince, bool IsArchived)
{
    public bool IsWaiting => OwnerId is null && !IsArchived;

    public static BoardChat From(ConversationSnapshot snapshot) => new(snapshot.Row.Id, snapshot.Row.Channel, snapshot.Row.QueueId, snapshot.QueueName,
        snapshot.ContactName, snapshot.Row.OwnerId, snapshot.OwnerName, snapshot.Row.OfferedAt ?? snapshot.Row.CreatedAt, snapshot.Row.IsArchived);

    /// <summary>What the board counts: open customer conversations, owned or waiting.</summary>
    public static bool Counts(Conversation row) => row.Channel != ChannelKind.Internal && row.Status == ConversationStatus.Open;
}

/// <summary>
/// The live queue view's state: queues, agents and open chats, read once and then kept current from the console's own
/// live changes (conversation snapshots from the fan-out, presence changes) without reading the database again.
/// </summary>
public sealed class LiveQueueBoard(IReadOnlyList<BoardQueue> queues, IEnumerable<BoardAgent> agents, IEnumerable<BoardChat> chats)
{
    private readonly Dictionary<string, BoardAgent> agents = agents.ToDictionary(a => a.Id);
    private readonly Dictionary<long, BoardChat> chats = chats.ToDictionary(c => c.Id);

    public IReadOnlyList<BoardQueue> Queues { get; } = queues;

    /// <summary>Every agent in a queue or owning an open chat, by name.</summary>
    public IEnumerable<BoardAgent> Agents => agents.Values.OrderBy(a => a.DisplayName, StringComparer.CurrentCultureIgnoreCase);

    /// <summary>Open chats, the longest waiting first, then owned ones by how long ago they came in.</summary>
    public IEnumerable<BoardChat> Chats => chats.Values.OrderByDescending(c => c.IsWaiting).ThenBy(c => c.WaitingSince).ThenBy(c => c.Id);

    public IEnumerable<BoardChat> WaitingIn(int queueId) => chats.Values.Where(c => c.IsWaiting && c.QueueId == queueId).OrderBy(c => c.WaitingSince);

    /// <summary>How long the longest-waiting chat of the queue has waited at <paramref name="now"/>; null when none waits.</summary>
    public TimeSpan? LongestWait(int queueId, DateTime now) => WaitingIn(queueId).FirstOrDefault() is { } first ? now - first.WaitingSince : null;

    /// <summary>Open chats owned, in every queue: what a queue's maximum per agent is measured against.</summary>
    public int OpenChatsOf(string agentId) => chats.Values.Count(c => c.OwnerId == agentId);

    public BoardAgent? Agent(string agentId) => agents.GetValueOrDefault(agentId);

    public IEnumerable<BoardAgent> MembersOf(BoardQueue queue) => queue.MemberIds.Select(Agent).OfType<BoardAgent>();

    /// <summary>Applies a committed change as the fan-out read it; returns whether anything shown changed.</summary>
    public bool Apply(ConversationUpdate update)
    {
        var changed = chats.Remove(update.ConversationId);
        if (update.Conversation is not { } now || now.Row.Channel == ChannelKind.Internal) return changed;
        if (BoardChat.Counts(now.Row))
        {
            chats[now.Row.Id] = BoardChat.From(now);
            changed = true;
        }
        // An agent's reply: the change names them, and the conversation's last activity is when it went.
        if (update.Change is { Change: ConversationChange.MessageAdded, ActorId: { } actor } && agents.TryGetValue(actor, out var agent))
        {
            agents[actor] = agent with { LastReplyAt = now.Row.LastActivityAt };
            changed = true;
        }
        return changed;
    }

    public bool Apply(PresenceChange change)
    {
        if (!agents.TryGetValue(change.UserId, out var agent)) return false;
        agents[change.UserId] = agent with { Online = change.Online, IsAway = change.IsAway ?? agent.IsAway };
        return true;
    }
}
