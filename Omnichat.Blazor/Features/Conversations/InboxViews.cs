using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>The inbox's quick views.</summary>
public enum InboxView
{
    /// <summary>Conversations the viewer owns.</summary>
    Mine,
    /// <summary>Conversations in the queues the viewer is a member of.</summary>
    MyQueues,
    /// <summary>Nobody owns them yet.</summary>
    Unassigned,
    /// <summary>Everything the viewer may see (reviewers: every customer conversation).</summary>
    All,
}

/// <summary>
/// Quick views as presets of <see cref="InboxFilter"/>: each sets the owner, state and queue conditions and keeps the
/// rest (channel, search, sort), so the query and the live list need nothing new to apply them.
/// </summary>
public static class InboxViews
{
    public static InboxFilter Apply(InboxView view, InboxFilter filter, Viewer viewer, IReadOnlyList<int> myQueues)
    {
        var cleared = filter with { AgentId = null, State = InboxState.Any, QueueId = null, QueueIds = null };
        return view switch
        {
            InboxView.Mine => cleared with { AgentId = viewer.UserId },
            InboxView.MyQueues => cleared with { QueueIds = myQueues },
            InboxView.Unassigned => cleared with { State = InboxState.Unassigned },
            _ => cleared,
        };
    }

    /// <summary>The quick view the filter amounts to, or null when it was narrowed some other way.</summary>
    public static InboxView? Of(InboxFilter filter, Viewer viewer, IReadOnlyList<int> myQueues)
    {
        if (filter.QueueId is not null) return null;
        return (filter.AgentId, filter.State, filter.QueueIds) switch
        {
            (null, InboxState.Any, null) => InboxView.All,
            ({ } agent, InboxState.Any, null) when agent == viewer.UserId => InboxView.Mine,
            (null, InboxState.Any, { } ids) when ids.Order().SequenceEqual(myQueues.Order()) => InboxView.MyQueues,
            (null, InboxState.Unassigned, null) => InboxView.Unassigned,
            _ => null,
        };
    }
}
