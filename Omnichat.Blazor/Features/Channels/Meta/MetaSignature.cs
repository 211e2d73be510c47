using System.Security.Cryptography;
using System.Text;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>Meta's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body, keyed with the app secret.</summary>
public static class MetaSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    /// <summary>Compares in constant time, so the answer's timing tells a forger nothing. The older sha1 header alone is not enough.</summary>
    public static bool IsValid(string appSecret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(appSecret) || signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(claimed, HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));
    }

    /// <summary>Signs like Meta does, for the simulator and tests.</summary>
    public static string Sign(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));
}
