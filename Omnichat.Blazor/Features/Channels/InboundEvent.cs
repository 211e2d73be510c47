namespace Omnichat.Blazor.Features.Channels;

public enum InboundEventKind
{
    /// <summary>A customer's message.</summary>
    Message,
    /// <summary>A provider's word on one of our messages: sent, delivered, read, failed.</summary>
    Status,
}

/// <summary>
/// A provider webhook exactly as received, stored before the provider gets its answer. The processor turns it
/// into a message later, so a crash after the acknowledgement loses nothing.
/// </summary>
public class InboundEvent
{
    public long Id { get; set; }
    public int ChannelAccountId { get; set; }
    public InboundEventKind Kind { get; set; }

    /// <summary>Unique per channel and provider event, so a retried webhook is stored once.</summary>
    public string ProviderMessageId { get; set; } = "";

    /// <summary>The event as JSON: Twilio's form fields, or one update cut from Meta's batch.</summary>
    public string Payload { get; set; } = "";

    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }

    /// <summary>Counted before each try, so an event that takes the process down is not tried forever.</summary>
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set when the processor gave up; an admin retries or discards it under Failed events.</summary>
    public DateTime? DeadLetteredAt { get; set; }
}
