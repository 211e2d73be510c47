using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>The real app, composed exactly as in production, on its own SQLite file in a temp folder.</summary>
public class OmnichatAppFactory : WebApplicationFactory<Program>
{
    /// <summary>Pass the folder of an earlier factory to start again on its data, as after a crash.</summary>
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "omnichat-tests", Guid.NewGuid().ToString("N"));

    /// <summary>When set, the app's clock is this fake, so timeouts are tested without waiting.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>False stops the background workers (inbound processor, outbox sender, offer timeouts), so a test drives them.</summary>
    public bool RunBackgroundWorkers { get; init; } = true;

    /// <summary>False leaves the data folder behind on dispose, for a later factory to restart on.</summary>
    public bool DeleteDataOnDispose { get; init; } = true;

    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>The hosting environment; Production turns on what only a deployed console does (HSTS, the error page).</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Replaces app services for a test, after the app registered its own.</summary>
    public Action<IServiceCollection>? ReplaceServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Omnichat:DataDirectory", DataDirectory);
        // Every test client comes from the same address, so the per-IP sign-in limit would count all tests together.
        builder.UseSetting("Omnichat:SignIn:AttemptsPerMinutePerIp", "10000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.UseEnvironment(Environment);
        builder.ConfigureTestServices(services =>
        {
            if (Clock is not null) services.AddSingleton<TimeProvider>(Clock);
            if (!RunBackgroundWorkers) services.RemoveAll<IHostedService>();
            ReplaceServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (DeleteDataOnDispose)
        {
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
