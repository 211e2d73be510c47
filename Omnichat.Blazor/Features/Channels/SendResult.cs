namespace Omnichat.Blazor.Features.Channels;

/// <summary>What a provider said about one send attempt.</summary>
public abstract record SendResult
{
    public sealed record Accepted(string ProviderMessageId) : SendResult;
    /// <summary>Worth trying again later: the provider was down, slow or rate limiting.</summary>
    public sealed record Transient(string Reason) : SendResult;
    /// <summary>Trying again cannot help: the provider refused the message.</summary>
    public sealed record Permanent(string Reason) : SendResult;
}
