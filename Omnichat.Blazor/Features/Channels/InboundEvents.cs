using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// Durable-first intake: a webhook hands its event here and is answered once the event is committed. Events that
/// arrive together are inserted by one write (group commit), so the disk sync is paid once per batch, not per webhook.
/// <see cref="InboundProcessor"/> does the rest.
/// </summary>
public sealed class InboundEvents
{
    /// <summary>Events per write; the writer may put several such writes in one transaction.</summary>
    public const int MaxBatch = 512;

    // Portable SQL: the unique index on (channel, provider id) settles retried deliveries without a read first.
    private const string InsertSql =
        """
        INSERT INTO "InboundEvents" ("ChannelAccountId", "Kind", "ProviderMessageId", "Payload", "ReceivedAt", "NextAttemptAt", "Attempts")
        VALUES (@channel, @kind, @providerId, @payload, @receivedAt, @receivedAt, 0)
        ON CONFLICT ("ChannelAccountId", "ProviderMessageId") DO NOTHING
        """;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbWriter writer;
    private readonly TimeProvider clock;

    public InboundEvents(IDbWriter writer, TimeProvider clock)
    {
        this.writer = writer;
        this.clock = clock;
        _ = Task.Run(CollectAsync);
    }

    /// <summary>Notified whenever events were stored.</summary>
    public WorkSignal Stored { get; } = new();

    /// <summary>When webhooks last arrived; the processor keeps its writes short while they do.</summary>
    public DateTimeOffset LastStoredAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Stores the raw event and returns once it is durable; one the provider delivered before stores nothing new.</summary>
    public Task StoreAsync(int channelAccountId, InboundEventKind kind, string providerMessageId, IReadOnlyDictionary<string, string> fields) =>
        StoreAsync(channelAccountId, kind, providerMessageId, JsonSerializer.Serialize(fields));

    /// <summary>Stores an event whose payload is JSON already (Meta's), like the form-field overload.</summary>
    public Task StoreAsync(int channelAccountId, InboundEventKind kind, string providerMessageId, string payloadJson)
    {
        var pending = new Pending(channelAccountId, kind, providerMessageId, payloadJson, clock.GetUtcNow().UtcDateTime);
        // Once queued the event is stored whether or not the provider still waits for the answer.
        queue.Writer.TryWrite(pending);
        return pending.Stored.Task;
    }

    /// <summary>The key of a status callback: one message has several (sent, delivered, read), each its own event.</summary>
    public static string StatusKey(string providerMessageId, string status) => $"status:{providerMessageId}:{status}";

    /// <summary>
    /// Inside a write: makes the stored status callbacks for <paramref name="providerMessageId"/> due now. They arrived
    /// before the outbox recorded that id and have been waiting for it.
    /// </summary>
    public static Task<int> WakeStatusesAsync(OmnichatDbContext db, int channelAccountId, string providerMessageId, DateTime now, CancellationToken ct)
    {
        var (from, to) = StatusKeyRange(providerMessageId);
        return db.InboundEvents
            .Where(e => e.ChannelAccountId == channelAccountId && e.ProcessedAt == null
                        && string.Compare(e.ProviderMessageId, from) >= 0 && string.Compare(e.ProviderMessageId, to) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextAttemptAt, now), ct);
    }

    /// <summary>
    /// Inside a write: deletes the stored webhooks of these messages of a channel, and their status callbacks, when the
    /// conversation is erased. Processed or not: a pending one would otherwise bring the text back.
    /// </summary>
    public static async Task DeleteOfMessagesAsync(OmnichatDbContext db, int channelAccountId, IReadOnlyList<string> providerMessageIds, CancellationToken ct)
    {
        foreach (var chunk in providerMessageIds.Chunk(500))
            await db.InboundEvents.Where(e => e.ChannelAccountId == channelAccountId && chunk.Contains(e.ProviderMessageId)).ExecuteDeleteAsync(ct);
        foreach (var providerMessageId in providerMessageIds)
        {
            var (from, to) = StatusKeyRange(providerMessageId);
            await db.InboundEvents.Where(e => e.ChannelAccountId == channelAccountId
                    && string.Compare(e.ProviderMessageId, from) >= 0 && string.Compare(e.ProviderMessageId, to) < 0)
                .ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>The keys of every status callback of one message, as a range the (channel, provider id) index finds without a scan.</summary>
    private static (string From, string To) StatusKeyRange(string providerMessageId)
    {
        var from = StatusKey(providerMessageId, "");
        return (from, from[..^1] + (char)(from[^1] + 1));
    }

    private async Task CollectAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await writer.WriteAsync((db, ct) => InsertAsync(db, batch, ct));
                foreach (var pending in batch) pending.Stored.TrySetResult();
                LastStoredAt = clock.GetUtcNow();
                Stored.Notify();
            }
            catch (Exception ex)
            {
                // Not acknowledged: the provider gets an error and delivers again.
                foreach (var pending in batch) pending.Stored.TrySetException(ex);
            }
        }
    }

    private static async Task InsertAsync(OmnichatDbContext db, List<Pending> batch, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = InsertSql;
        var channel = Parameter(command, "@channel");
        var kind = Parameter(command, "@kind");
        var providerId = Parameter(command, "@providerId");
        var payload = Parameter(command, "@payload");
        var receivedAt = Parameter(command, "@receivedAt");
        foreach (var pending in batch)
        {
            channel.Value = pending.ChannelAccountId;
            kind.Value = (int)pending.Kind;
            providerId.Value = pending.ProviderMessageId;
            payload.Value = pending.Payload;
            receivedAt.Value = pending.ReceivedAt;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private sealed record Pending(int ChannelAccountId, InboundEventKind Kind, string ProviderMessageId, string Payload, DateTime ReceivedAt)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
