using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>A customer's website on its own loopback origin, embedding the widget with the one-line snippet.</summary>
public sealed class HostSite : IAsyncDisposable
{
    private readonly WebApplication app;
    public string Origin { get; }

    private HostSite(WebApplication app, string origin) => (this.app, Origin) = (app, origin);

    public static async Task<HostSite> StartAsync(Func<string> snippet)
    {
        var (app, origin) = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><title>Shop</title></head><body><h1>Example shop</h1>{snippet()}</body></html>", "text/html")));
        return new HostSite(app, origin);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
