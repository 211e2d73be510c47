using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Omnichat.IntakeBench;

/// <summary>
/// The two yardsticks the app is compared with, each run as its own process on the same port scheme:
/// <list type="bullet">
/// <item><c>bare</c>: Kestrel answering the webhook POST with the same TwiML and doing nothing else, the ceiling on
/// this machine with this load generator.</item>
/// <item><c>naive</c>: what a straightforward durable intake costs: read the form, verify the signature, one ADO.NET
/// INSERT per request in its own transaction into a WAL-mode SQLite file with synchronous=FULL, no batching.</item>
/// </list>
/// </summary>
public static class ReferenceServers
{
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    public const string WebhookRoute = "/webhooks/twilio/{channelKey}";

    public static async Task<int> RunBareAsync(int port)
    {
        var app = CreateApp(port);
        app.MapPost(WebhookRoute, () => Results.Content(EmptyTwiml, "text/xml"));
        await app.RunAsync();
        return 0;
    }

    public static async Task<int> RunNaiveAsync(int port, string database, string authToken, string publicBaseUrl)
    {
        CreateNaiveSchema(database);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 30 }.ToString();
        var app = CreateApp(port);
        app.MapPost(WebhookRoute, async (HttpRequest request, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            var url = publicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
            if (!TwilioRequests.IsValid(authToken, url, fields, request.Headers[TwilioRequests.SignatureHeader]))
                return Results.Text("Refused: bad signature.", statusCode: StatusCodes.Status403Forbidden);
            if (fields.GetValueOrDefault("MessageSid") is not { Length: > 0 } sid) return Results.BadRequest("MessageSid is missing.");

            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var insert = connection.CreateCommand();
            // synchronous is per connection, and pooled connections keep it; setting it each time costs next to nothing.
            insert.CommandText = """
                PRAGMA synchronous=FULL;
                INSERT INTO InboundEvents (ChannelAccountId, ProviderMessageId, Payload, ReceivedAt, Attempts)
                VALUES (1, $sid, $payload, $receivedAt, 0)
                ON CONFLICT (ChannelAccountId, ProviderMessageId) DO NOTHING;
                """;
            insert.Parameters.AddWithValue("$sid", sid);
            insert.Parameters.AddWithValue("$payload", JsonSerializer.Serialize(fields));
            insert.Parameters.AddWithValue("$receivedAt", DateTime.UtcNow);
            await insert.ExecuteNonQueryAsync(ct);
            return Results.Content(EmptyTwiml, "text/xml");
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>The app's InboundEvents table, so the naive reference writes rows of the same shape and indexes.</summary>
    public static void CreateNaiveSchema(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS InboundEvents (
                Id INTEGER NOT NULL CONSTRAINT PK_InboundEvents PRIMARY KEY AUTOINCREMENT,
                ChannelAccountId INTEGER NOT NULL,
                ProviderMessageId TEXT NOT NULL,
                Payload TEXT NOT NULL,
                ReceivedAt TEXT NOT NULL,
                ProcessedAt TEXT NULL,
                Attempts INTEGER NOT NULL,
                LastError TEXT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS IX_InboundEvents_ChannelAccountId_ProviderMessageId
                ON InboundEvents (ChannelAccountId, ProviderMessageId);
            CREATE INDEX IF NOT EXISTS IX_InboundEvents_ProcessedAt ON InboundEvents (ProcessedAt);
            """;
        command.ExecuteNonQuery();
    }

    private static WebApplication CreateApp(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        return app;
    }
}
