using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Reports;

/// <summary>
/// The moments a report needs of one customer conversation, kept up to date by database triggers on every insert of a
/// conversation, message or audit line (<see cref="ReportMetricsSql"/>), so a report reads one narrow row per
/// conversation instead of every message. Holds no content: it stays when a conversation's messages are erased.
/// </summary>
public class ConversationMetrics
{
    public long ConversationId { get; set; }
    public Conversation Conversation { get; set; } = null!;

    /// <summary>When the conversation started; the report's date range and charts go by this moment.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The customer's first message; null while only the agent has written (a conversation the agent started).</summary>
    public DateTime? FirstCustomerMessageAt { get; set; }

    /// <summary>Seconds from the customer's first message to the first message an agent wrote after it.</summary>
    public int? FirstResponseSeconds { get; set; }

    /// <summary>
    /// Seconds from the start to the last time it was marked dealt with, or its live chat session ended. Durations are
    /// stored worked out, so a report over a hundred thousand conversations reads numbers instead of parsing dates.
    /// </summary>
    public int? ResolutionSeconds { get; set; }
}
