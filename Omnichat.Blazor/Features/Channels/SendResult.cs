namespace Omnichat.Blazor.Features.Channels;

/// <summary>What a provider said about one send attempt.</summary>
public abstract record SendResult
{
    public sealed record Accepted(string ProviderMessageId) : SendResult;
    /// <summary>Worth trying again later: the provider could not be reached, was down or was rate limiting.</summary>
    public sealed record Transient(string Reason) : SendResult;
    /// <summary>No answer came, yet the request may have reached the provider: look there before sending again.</summary>
    public sealed record Unknown(string Reason) : SendResult;
    /// <summary>Trying again cannot help: the provider refused the message.</summary>
    public sealed record Permanent(string Reason) : SendResult;
}
