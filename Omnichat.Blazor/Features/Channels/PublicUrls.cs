using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// The addresses providers and customers use. Providers sign the public URL they called, which behind a reverse proxy
/// differs from what this process sees, so the configured <see cref="OmnichatOptions.PublicBaseUrl"/> wins.
/// </summary>
public sealed class PublicUrls(IOptions<OmnichatOptions> options, IServer server)
{
    /// <summary>The public base URL, or where this process listens when none is configured.</summary>
    public string Base => options.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : LocalBase;

    /// <summary>Whether <c>Omnichat:PublicBaseUrl</c> is set; without it signatures are checked against the Host header this process sees.</summary>
    public bool IsConfigured => options.Value.PublicBaseUrl is { Length: > 0 };

    /// <summary>False in a command-line verb with no public base URL configured: there is no address to tell.</summary>
    public bool IsKnown => options.Value.PublicBaseUrl is { Length: > 0 } || (server.Features.Get<IServerAddressesFeature>()?.Addresses.Count ?? 0) > 0;

    /// <summary>Where this process itself listens on loopback, for calls the console makes to itself (the simulator).</summary>
    public string LocalBase
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http:")) ?? addresses.FirstOrDefault()
                          ?? throw new InvalidOperationException("This process is not listening on any address.");
            var uri = new UriBuilder(address.Replace("*", "localhost").Replace("+", "localhost"));
            if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
            return uri.Uri.GetLeftPart(UriPartial.Authority);
        }
    }

    /// <summary>The URL a provider called to reach this request, as the provider saw it.</summary>
    public string Of(HttpRequest request) =>
        options.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/') + request.Path + request.QueryString
            : request.GetEncodedUrl();

    public string TwilioWebhook(string channelKey) => $"{Base}/webhooks/twilio/{Uri.EscapeDataString(channelKey)}";

    public string TwilioStatusCallback(string channelKey) => $"{TwilioWebhook(channelKey)}/status";

    public string MetaWebhook(string channelKey) => $"{Base}/webhooks/meta/{Uri.EscapeDataString(channelKey)}";
}
