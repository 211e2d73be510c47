using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>The app on Kestrel at a free loopback port with an empty database, for a real browser.</summary>
/// <param name="replaceServices">Replaces app services for the test (such as the clock), after the app registered its own.</param>
public sealed class LiveApp(Dictionary<string, string>? settings = null, Action<IServiceCollection>? replaceServices = null) : IAsyncLifetime
{
    public OmnichatAppFactory Factory { get; } = new() { Settings = settings ?? [], ReplaceServices = replaceServices };
    public string BaseUrl { get; private set; } = "";
    public TestWorld World { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        World = new TestWorld(Factory.Services);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
