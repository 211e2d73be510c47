namespace Omnichat.Blazor.Features.Channels.Twilio;

public sealed class TwilioOptions
{
    public const string Section = "Omnichat:Twilio";

    /// <summary>Where the Twilio REST API is; only changed to point at a stand-in in tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>How long one API call may take before it counts as a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
