using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Omnichat.Blazor.Data;

public static class DataExtensions
{
    public static IHostApplicationBuilder AddOmnichatData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OmnichatOptions.Section).Get<OmnichatOptions>() ?? new OmnichatOptions();
        builder.Services.Configure<OmnichatOptions>(builder.Configuration.GetSection(OmnichatOptions.Section));
        Directory.CreateDirectory(options.FullDataDirectory);

        var connectionString = builder.Configuration.GetConnectionString("Omnichat")
            ?? new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(options.FullDataDirectory, "omnichat.db"),
                // Writes go through the one writer; the few left outside it (Identity) wait rather than fail.
                DefaultTimeout = 30,
                ForeignKeys = true,
            }.ToString();

        builder.Services.AddDbContextFactory<OmnichatDbContext>(db => db.UseSqlite(connectionString));
        // The app's services shape the model (Identity's schema version), for the writer's contexts as for the others.
        builder.Services.AddSingleton<IDbWriter>(sp => new SqliteWriter(connectionString, db => db.UseApplicationServiceProvider(sp),
            sp.GetRequiredService<ILogger<SqliteWriter>>()));
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("Omnichat")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.FullDataDirectory, DataBackup.KeysFolder)));
        // Keys encrypted at rest with a certificate kept outside the data folder: a copy of the folder (or a backup)
        // alone then opens no secret. The same certificate must be present wherever the keys are read.
        if (options.KeyCertificate is { Length: > 0 } certificateFile)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificateFile, options.KeyCertificatePassword);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<OmnichatDbContext>();
        return builder;
    }

    /// <summary>Applies migrations and switches the database to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <summary>
    /// Creates the schema from the model, without migrations (tests, benchmarks), with the full-text index and the report triggers
    /// that the model cannot describe. False when the database existed already.
    /// </summary>
    public static async Task<bool> EnsureCreatedWithSearchAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, CancellationToken ct = default)
    {
        if (!await database.EnsureCreatedAsync(ct)) return false;
        await database.ExecuteSqlRawAsync(Features.Search.SearchIndexSql.Create, ct);
        await database.ExecuteSqlRawAsync(Features.Reports.ReportMetricsSql.Create, ct);
        return true;
    }

    /// <summary>Copies the live database to <paramref name="target"/> with SQLite's online backup API.</summary>
    public static async Task BackupDatabaseAsync(this IServiceProvider services, string target)
    {
        var factory = services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var source = (SqliteConnection)db.Database.GetDbConnection();
        await source.OpenAsync();
        // Not pooled: closing it must really close the copy, so it is complete on disk before anyone reads it.
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync();
        source.BackupDatabase(destination);
    }
}
