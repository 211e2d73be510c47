using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Channels.Twilio;

public static class TwilioStatus
{
    /// <summary>Maps Twilio's MessageStatus to the state agents see; null for states that add nothing (queued, sending).</summary>
    public static DeliveryState? ToState(string status) => status.ToLowerInvariant() switch
    {
        "sent" => DeliveryState.Sent,
        "delivered" => DeliveryState.Delivered,
        "read" => DeliveryState.Read,
        "undelivered" or "failed" => DeliveryState.Failed,
        _ => null,
    };

    private static readonly Dictionary<string, string> KnownErrors = new()
    {
        ["21211"] = "The 'To' number is not a valid phone number.",
        ["21408"] = "Sending to this region is not enabled.",
        ["21610"] = "The recipient has opted out (replied STOP).",
        ["21614"] = "The 'To' number is not a mobile number.",
        ["30003"] = "The handset is unreachable.",
        ["30005"] = "Unknown destination handset.",
        ["30006"] = "Landline or unreachable carrier.",
        ["30007"] = "Filtered by the carrier as spam.",
        ["63016"] = "Outside the WhatsApp 24-hour window: only approved templates may be sent.",
    };

    public static string Describe(string errorCode, string? message) =>
        $"{message ?? KnownErrors.GetValueOrDefault(errorCode) ?? "Delivery failed."} (Twilio error {errorCode})";
}
