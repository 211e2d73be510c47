using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Routing;

public enum AssignmentStrategy
{
    /// <summary>Every member sees a new chat; the first to reply or take it owns it.</summary>
    All,
    /// <summary>The first N available members in queue order see it.</summary>
    TopN,
    /// <summary>One available member at a time, rotating through the queue order.</summary>
    RoundRobin,
    /// <summary>The available member with the fewest chats on their plate (see <see cref="AgentCapacity"/>).</summary>
    LeastBusy,
}

public class Queue
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public AssignmentStrategy Strategy { get; set; }

    /// <summary>How many members see a chat under <see cref="AssignmentStrategy.TopN"/>.</summary>
    public int TopN { get; set; } = 3;

    /// <summary>
    /// A hard cap for the strategies: a member with this many chats on their plate (<see cref="AgentCapacity"/>) gets no
    /// offer, and taking a chat past it asks for confirmation. Null means no limit.
    /// </summary>
    public int? MaxOpenChatsPerAgent { get; set; }

    /// <summary>After this long unclaimed, a chat is offered to every member; null means never.</summary>
    public int? OfferTimeoutSeconds { get; set; }

    /// <summary>
    /// How soon a waiting customer should hear back ("first reply within 5 min"); the inbox marks a conversation whose
    /// customer has waited longer for a first or next reply. Reports measure against it. Null means no target.
    /// </summary>
    public int? FirstReplyTargetMinutes { get; set; }

    /// <summary>Position of the member who got the last round-robin offer.</summary>
    public int RoundRobinLastPosition { get; set; } = -1;

    /// <summary>A label every conversation started in this queue gets (see <see cref="Labels.LabelsModel"/>).</summary>
    public int? AutoLabelId { get; set; }

    public List<QueueMember> Members { get; set; } = [];
}

public class QueueMember
{
    public int QueueId { get; set; }
    public string UserId { get; set; } = "";
    public ApplicationUser User { get; set; } = null!;

    /// <summary>Zero-based order used by TopN, RoundRobin and tie-breaks.</summary>
    public int Position { get; set; }
}
