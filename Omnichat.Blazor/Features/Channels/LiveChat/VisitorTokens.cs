using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

/// <summary>
/// The visitor's proof of identity, kept in the widget's local storage (no cookies on the host site): the site key
/// and visitor key, encrypted and signed with the app's data-protection keys.
/// </summary>
public sealed class VisitorTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Omnichat.LiveChat.Visitor");

    public static string NewVisitorKey() => "v_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string Issue(string siteKey, string visitorKey) => protector.Protect($"{siteKey}\n{visitorKey}");

    /// <summary>The visitor key, when the token is genuine and issued for this site; else null.</summary>
    public string? Read(string siteKey, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var parts = protector.Unprotect(token).Split('\n');
            return parts.Length == 2 && parts[0] == siteKey ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
