using System.Text.Json;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// An approved WhatsApp template sent instead of free text: its identifier at each provider (Cloud API: name and
/// language; Twilio: Content SID) and the body parameters, {{1}}, {{2}}, … in order.
/// </summary>
public sealed record TemplateSend(string? CloudName, string? CloudLanguage, string? TwilioContentSid, IReadOnlyList<string> Parameters)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static TemplateSend? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<TemplateSend>(json);
}
