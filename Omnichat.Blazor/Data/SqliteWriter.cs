using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Omnichat.Blazor.Data;

/// <summary>
/// <see cref="IDbWriter"/> for SQLite: one long-lived connection, one loop. SQLite allows one writer; concurrent write
/// transactions make Microsoft.Data.Sqlite sleep 150 ms per collision, so writes queue here instead and the loop
/// commits whatever has queued up in one <c>synchronous=FULL</c> transaction. Each write runs under its own savepoint,
/// so a failing write undoes only itself.
/// </summary>
public sealed class SqliteWriter : IDbWriter, IAsyncDisposable
{
    /// <summary>Writes per transaction: large enough to amortise the fsync, small enough to keep a click's wait short.</summary>
    public const int MaxBatch = 64;

    private const string Savepoint = "write";

    // Set on the loop's own flow, so a write that waits for another write fails at once instead of deadlocking.
    private static readonly AsyncLocal<bool> InsideWrite = new();

    private readonly Channel<Write> queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string connectionString;
    private readonly Action<DbContextOptionsBuilder> configure;
    private readonly ILogger<SqliteWriter> logger;
    private readonly Task loop;

    /// <param name="configure">Options shared with the app's own contexts, so both build the same model.</param>
    public SqliteWriter(string connectionString, Action<DbContextOptionsBuilder> configure, ILogger<SqliteWriter> logger)
    {
        this.connectionString = connectionString;
        this.configure = configure;
        this.logger = logger;
        loop = Task.Run(RunOrFailAsync);
    }

    public Task<T> WriteAsync<T>(Func<OmnichatDbContext, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        if (InsideWrite.Value) throw new InvalidOperationException("A write may not wait for another write: it would wait for itself.");
        var write = new Write<T>(work, ct);
        if (!queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(SqliteWriter), "The database writer has shut down.");
        return write.Task;
    }

    private async Task RunAsync()
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // FULL: a webhook is acknowledged only after its commit reached the disk, even in WAL mode.
            // secure_delete: erased content is overwritten in the file, not left readable in free pages.
            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";
            await pragma.ExecuteNonQueryAsync();
        }
        var builder = new DbContextOptionsBuilder<OmnichatDbContext>().UseSqlite(connection);
        configure(builder);
        var options = builder.Options;
        InsideWrite.Value = true;

        var batch = new List<Write>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write)) batch.Add(write);
            await CommitAsync(connection, options, batch);
        }
    }

    private async Task RunOrFailAsync()
    {
        try
        {
            await RunAsync();
        }
        catch (Exception ex)
        {
            // Without the loop nothing can be written; say so to every caller rather than leave them waiting.
            logger.LogCritical(ex, "The database writer stopped");
            queue.Writer.TryComplete(ex);
            while (queue.Reader.TryRead(out var write)) write.Fail(ex);
        }
    }

    private async Task CommitAsync(SqliteConnection connection, DbContextOptions<OmnichatDbContext> options, List<Write> batch)
    {
        var done = new List<Write>(batch.Count);
        try
        {
            // Not deferred: the write lock is taken at BEGIN, so nothing can fail halfway for want of it.
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                if (write.Cancellation.IsCancellationRequested)
                {
                    write.Fail(new OperationCanceledException(write.Cancellation));
                    continue;
                }
                transaction.Save(Savepoint);
                try
                {
                    await using var db = new OmnichatDbContext(options);
                    db.Database.AutoSavepointsEnabled = false;
                    await db.Database.UseTransactionAsync(transaction);
                    await write.RunAsync(db);
                    transaction.Release(Savepoint);
                    done.Add(write);
                }
                catch (Exception ex)
                {
                    transaction.Rollback(Savepoint);
                    transaction.Release(Savepoint);
                    write.Fail(ex);
                }
            }
            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            // The transaction itself failed (disk full, I/O error): nothing of this batch is stored.
            logger.LogError(ex, "A write transaction of {Count} writes failed", batch.Count);
            foreach (var write in batch) write.Fail(ex);
            return;
        }
        foreach (var write in done) write.Complete();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    private abstract class Write(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;
        public abstract Task RunAsync(OmnichatDbContext db);
        public abstract void Complete();
        public abstract void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<OmnichatDbContext, CancellationToken, Task<T>> work, CancellationToken cancellation) : Write(cancellation)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T result = default!;

        public Task<T> Task => completion.Task;

        public override async Task RunAsync(OmnichatDbContext db) => result = await work(db, Cancellation);
        public override void Complete() => completion.TrySetResult(result);
        public override void Fail(Exception exception)
        {
            if (exception is OperationCanceledException canceled) completion.TrySetCanceled(canceled.CancellationToken);
            else completion.TrySetException(exception);
        }
    }
}
