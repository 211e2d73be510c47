using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Omnichat.IntakeBench;

/// <summary>
/// A backlog of received SMS written straight into the app's <c>InboundEvents</c> table while the app is not running,
/// each row as the webhook endpoint would have stored it: the Twilio form fields as a JSON object of strings, the
/// MessageSid as the provider id, due at once. The processor then has the whole backlog in front of it from its first
/// batch, and its rate is not bounded by how fast the HTTP intake can feed it.
/// </summary>
public static class StoredBacklog
{
    public const string ChannelSql = "SELECT Id FROM ChannelAccounts WHERE Key = @key";

    // The columns the app's intake writes (InboundEvents.InsertSql); ProcessedAt, DeadLetteredAt and LastError stay NULL.
    // A plain INSERT rather than the app's ON CONFLICT DO NOTHING: a SID that is already there is a bench bug, not a retry.
    private const string InsertSql =
        """
        INSERT INTO "InboundEvents" ("ChannelAccountId", "Kind", "ProviderMessageId", "Payload", "ReceivedAt", "NextAttemptAt", "Attempts")
        VALUES (@channel, 0, @providerId, @payload, @receivedAt, @receivedAt, 0)
        """;

    /// <summary>
    /// Writes <paramref name="count"/> events, SIDs <c>Sid(ns, 0..count-1)</c> from the senders of <paramref name="requests"/>,
    /// for the channel with <paramref name="channelKey"/>, in one transaction. Returns the seconds it took.
    /// </summary>
    public static double Write(string databasePath, string channelKey, TwilioRequests requests, ulong ns, int count)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 30, Pooling = false,
        }.ToString());
        connection.Open();

        long channelId;
        using (var find = connection.CreateCommand())
        {
            find.CommandText = ChannelSql;
            find.Parameters.AddWithValue("@key", channelKey);
            channelId = find.ExecuteScalar() is long id ? id : throw new InvalidOperationException($"No channel with key {channelKey} in {databasePath}.");
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        var channel = insert.Parameters.Add("@channel", SqliteType.Integer);
        var providerId = insert.Parameters.Add("@providerId", SqliteType.Text);
        var payload = insert.Parameters.Add("@payload", SqliteType.Text);
        // A DateTime value, so Microsoft.Data.Sqlite writes it in the same text form as the app's own writes.
        var receivedAt = insert.Parameters.Add("@receivedAt", SqliteType.Text);
        insert.Prepare();
        channel.Value = channelId;
        for (var i = 0; i < count; i++)
        {
            var sid = TwilioRequests.Sid(ns, i);
            // As the endpoint stores it: the posted fields in their order, serialized with the default options.
            var fields = requests.Fields(sid, requests.From(i)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            providerId.Value = sid;
            payload.Value = JsonSerializer.Serialize(fields);
            receivedAt.Value = DateTime.UtcNow;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return clock.Elapsed.TotalSeconds;
    }
}
