namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// A provider webhook exactly as received, stored before the provider gets its answer. The processor turns it
/// into a message later, so a crash after the acknowledgement loses nothing.
/// </summary>
public class InboundEvent
{
    public long Id { get; set; }
    public int ChannelAccountId { get; set; }

    /// <summary>Unique per provider message, so a retried webhook is stored once.</summary>
    public string ProviderMessageId { get; set; } = "";

    /// <summary>The form fields as JSON.</summary>
    public string Payload { get; set; } = "";

    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
