using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels;

public enum OutboxStatus
{
    Pending,
    /// <summary>Handed to the provider; if the process stops now we cannot know whether it went out.</summary>
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
}
