namespace Omnichat.Blazor.Features.Conversations;

/// <summary>How an agent's action on a conversation ended.</summary>
public enum Outcome
{
    Done,
    /// <summary>Another agent owns the conversation now.</summary>
    Taken,
    /// <summary>The viewer may not do this to this conversation (or it does not exist).</summary>
    NotAllowed,
    /// <summary>The action does not apply in the conversation's current state.</summary>
    NotApplicable,
    /// <summary>The customer last wrote too long ago for a free-form reply on this channel (Meta's 24-hour window).</summary>
    WindowClosed,
    /// <summary>
    /// Taking it would put the agent past the maximum of open chats of its queue; they may confirm and take it anyway
    /// (see <see cref="Routing.AgentCapacity"/>).
    /// </summary>
    AtCapacity,
}
