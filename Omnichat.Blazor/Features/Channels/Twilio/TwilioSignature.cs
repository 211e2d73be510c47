using System.Security.Cryptography;
using System.Text;
using Twilio.Security;

namespace Omnichat.Blazor.Features.Channels.Twilio;

/// <summary>Twilio's <c>X-Twilio-Signature</c> scheme: HMAC over the URL plus every form field, sorted by name.</summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    /// <summary>
    /// Checks a webhook with the Twilio SDK's validator, over every field received (Twilio adds fields without notice);
    /// the validator also tries the URL with and without an explicit port.
    /// </summary>
    public static bool IsValid(string authToken, string url, IDictionary<string, string> fields, string? signature, string? signatureSettings = null)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature)) return false;
        var algorithm = RequestValidator.GetSignatureAlgorithm(signatureSettings);
        return new RequestValidator(authToken).Validate(url, fields, signature, algorithm);
    }

    /// <summary>Signs like Twilio does (HMAC-SHA1 with the auth token), for the simulator's customer phone.</summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var data = new StringBuilder(url);
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) data.Append(field.Key).Append(field.Value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
