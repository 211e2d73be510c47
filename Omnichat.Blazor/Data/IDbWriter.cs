namespace Omnichat.Blazor.Data;

/// <summary>
/// The one write path. Every write runs here, one at a time, so no two write transactions ever contend; writes that
/// arrive together share a transaction (group commit). A write's task completes only after its transaction is durable.
/// The contract knows nothing of SQLite: on PostgreSQL the same interface would batch behind one connection too.
/// </summary>
public interface IDbWriter
{
    /// <summary>
    /// Runs <paramref name="work"/> inside the current batch's transaction and returns its result once that transaction
    /// has committed. If the work throws, only its own changes are undone and the exception reaches the caller.
    /// The work must not wait for slow I/O (downloads, provider calls) and must not call the writer again.
    /// </summary>
    Task<T> WriteAsync<T>(Func<OmnichatDbContext, CancellationToken, Task<T>> work, CancellationToken ct = default);
}

public static class DbWriterExtensions
{
    public static Task WriteAsync(this IDbWriter writer, Func<OmnichatDbContext, CancellationToken, Task> work, CancellationToken ct = default) =>
        writer.WriteAsync<bool>(async (db, token) =>
        {
            await work(db, token);
            return true;
        }, ct);
}
