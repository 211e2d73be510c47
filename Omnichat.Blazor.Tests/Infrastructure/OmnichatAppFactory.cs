using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>The real app, composed exactly as in production, on its own empty SQLite file in a temp folder.</summary>
public class OmnichatAppFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "omnichat-tests", Guid.NewGuid().ToString("N"));

    /// <summary>When set, the app's clock is this fake, so timeouts are tested without waiting.</summary>
    public FakeTimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Omnichat:DataDirectory", DataDirectory);
        builder.UseEnvironment("Development");
        if (Clock is not null)
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
