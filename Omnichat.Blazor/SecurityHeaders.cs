using System.Security.Cryptography;

namespace Omnichat.Blazor;

/// <summary>
/// Headers that make the console harder to attack from a browser: a Content-Security-Policy that allows only the
/// console's own scripts (plus the one inline import map, by nonce) and its own connections, no framing, no sniffing,
/// and no full addresses in the Referer sent elsewhere. HSTS is added outside Development when served over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "Omnichat.CspNonce";

    /// <summary>The nonce of this request's policy, for the inline import map Blazor renders into the page head.</summary>
    public static string? Nonce(HttpContext? http) => http?.Items[NonceKey] as string;

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Only over HTTPS, and never for localhost, as the browser would then insist on HTTPS for every local app.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((http, next) =>
        {
            // Hex, not base64: a "+" or "/" would be written HTML-encoded into the page's nonce attribute.
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy(nonce, http.Request.Host.Value);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    /// <summary>
    /// MudBlazor sets style attributes on its components, so styles need 'unsafe-inline'; scripts do not. The circuit's
    /// WebSocket is named with its scheme as well, for browsers that do not count ws: and wss: as 'self'.
    /// Widget visitors never see this policy: the widget runs in the host site's page, under that site's policy.
    /// </summary>
    private static string Policy(string nonce, string? host) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        host is { Length: > 0 } ? $"connect-src 'self' wss://{host} ws://{host}" : "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");
}
