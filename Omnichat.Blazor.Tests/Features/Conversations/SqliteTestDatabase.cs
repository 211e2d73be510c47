using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>A throw-away SQLite file with the current model, for tests of queries and rules against a real database.</summary>
public sealed class SqliteTestDatabase : IDbContextFactory<OmnichatDbContext>
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"omnichat-test-{Guid.NewGuid():N}.db");
    private readonly DbContextOptions<OmnichatDbContext> options;
    private readonly string connectionString;

    private SqliteTestDatabase()
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        options = new DbContextOptionsBuilder<OmnichatDbContext>().UseSqlite(connectionString).Options;
    }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = new SqliteTestDatabase();
        await using var db = database.CreateDbContext();
        // The schema comes from the model, so these tests do not depend on migrations being generated yet.
        await db.Database.EnsureCreatedWithSearchAsync();
        return database;
    }

    public OmnichatDbContext CreateDbContext() => new(options);

    /// <summary>The app's write path over this database; dispose it before deleting the file.</summary>
    public SqliteWriter CreateWriter() => new(connectionString, _ => { }, NullLogger<SqliteWriter>.Instance);

    public void Delete() => File.Delete(file);
}
