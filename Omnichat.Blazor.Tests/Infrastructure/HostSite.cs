using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>A customer's website on its own loopback origin, embedding the widget with the one-line snippet.</summary>
public sealed class HostSite : IAsyncDisposable
{
    private readonly WebApplication app;
    public string Origin { get; }

    private HostSite(WebApplication app, string origin) => (this.app, Origin) = (app, origin);

    public static async Task<HostSite> StartAsync(Func<string> snippet)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(
            $"<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Example shop</h1>{snippet()}</body></html>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostSite(app, address);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
