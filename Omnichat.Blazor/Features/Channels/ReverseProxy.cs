using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// Client addresses come from the connection; X-Forwarded-For is honoured only when the connection comes from a
/// configured trusted proxy (Omnichat:ReverseProxy:TrustedProxies, IPs or CIDR networks).
/// </summary>
public static class ReverseProxy
{
    public const string Section = "Omnichat:ReverseProxy:TrustedProxies";

    public static WebApplication UseTrustedForwardedHeaders(this WebApplication app)
    {
        var trusted = app.Configuration.GetSection(Section).Get<string[]>() ?? [];
        // With no trusted proxy configured the middleware would trust everyone, so it is left out entirely.
        if (trusted.Length == 0) return app;

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            if (entry.Contains('/')) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            else options.KnownProxies.Add(IPAddress.Parse(entry));
        }
        app.UseForwardedHeaders(options);
        return app;
    }
}
