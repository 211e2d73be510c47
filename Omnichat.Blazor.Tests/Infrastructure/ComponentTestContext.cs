using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>A bUnit context with MudBlazor, the app's English resources and an in-memory SQLite database of the app's model.</summary>
public class ComponentTestContext : BunitContext
{
    // A named in-memory database, so the app's writer reaches it through a connection of its own; it lives exactly as
    // long as this connection.
    private static string NewDatabase() => new SqliteConnectionStringBuilder
    {
        DataSource = $"component-test-{Guid.NewGuid():N}", Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared,
    }.ToString();

    private readonly string connectionString = NewDatabase();
    private readonly SqliteConnection connection;

    protected ComponentTestContext()
    {
        connection = new SqliteConnection(connectionString);
        // The full suite runs browsers alongside on few cores: a write and the re-render after it can take longer than bUnit's one second.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        TestLocalization.English();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddLocalization();
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<Omnichat.Blazor.Features.Users.UserClock>();
        // A private EF service provider: EF caches the model per provider, and Identity shapes it from the app's
        // options, so sharing one with the app tests in this process would hand them this context's model.
        Services.AddDbContextFactory<OmnichatDbContext>(db => db.UseSqlite(connectionString).EnableServiceProviderCaching(false));
        Services.AddSingleton<IDbWriter>(_ => new SqliteWriter(connectionString, db => db.EnableServiceProviderCaching(false), NullLogger<SqliteWriter>.Instance));
    }

    /// <summary>
    /// A context whose database is created and filled by <paramref name="seed"/>; <paramref name="configure"/> adds the
    /// services (and sign-in) the component needs, before the first service is resolved.
    /// </summary>
    public static async Task<ComponentTestContext> CreateAsync(Action<ComponentTestContext> configure, Action<OmnichatDbContext>? seed = null)
    {
        var ctx = new ComponentTestContext();
        configure(ctx);
        await ctx.connection.OpenAsync();
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
        await db.Database.EnsureCreatedWithSearchAsync();
        seed?.Invoke(db);
        await db.SaveChangesAsync();
        return ctx;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await connection.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) connection.Dispose();
    }
}
