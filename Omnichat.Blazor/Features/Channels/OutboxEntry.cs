using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels;

public enum OutboxStatus
{
    Pending,
    /// <summary>Handed to the provider; if the process stops now, the next start treats the outcome as unknown.</summary>
    Sending,
    Sent,
    Failed,
}

/// <summary>An outbound message waiting for (or done with) delivery to its provider. Written in the reply's transaction.</summary>
public class OutboxEntry
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public Message Message { get; set; } = null!;
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>
    /// Set while an attempt may have reached the provider without an answer coming back: the earliest moment it could
    /// have gone out. The next attempt looks for the message at the provider before sending it again.
    /// </summary>
    public DateTime? UncertainSince { get; set; }

    /// <summary>Messenger's message tag for a reply outside the 24-hour window (HUMAN_AGENT), decided when the agent sent it.</summary>
    public string? MessageTag { get; set; }

    /// <summary>An approved WhatsApp template to send instead of the body (<see cref="TemplateSend"/> as JSON).</summary>
    public string? Template { get; set; }
}
