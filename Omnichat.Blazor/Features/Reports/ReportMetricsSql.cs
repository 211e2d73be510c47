namespace Omnichat.Blazor.Features.Reports;

/// <summary>
/// Keeps <see cref="ConversationMetrics"/> in step with every write. Triggers run inside the writer's transaction, so
/// the metrics commit (or roll back) with the message or audit line that changed them and no code path can forget
/// them. The migration applies <see cref="Create"/> and <see cref="Backfill"/>; a database made with EnsureCreated
/// gets <see cref="Create"/> through <c>EnsureCreatedWithSearchAsync</c>.
/// </summary>
public static class ReportMetricsSql
{
    /// <summary>What ends a conversation for the resolution time.</summary>
    private const string ResolvingKinds = "'DealtWith', 'SessionEnded'";

    /// <summary>Whole seconds between two stored times (the text EF Core writes, which SQLite's date functions read).</summary>
    private static string Seconds(string from, string to) => $"CAST(round((julianday({to}) - julianday({from})) * 86400) AS INTEGER)";

    public static readonly string Create =
        $"""
        CREATE TRIGGER "Conversations_Metrics_Insert" AFTER INSERT ON "Conversations" WHEN new."Channel" <> 'Internal' BEGIN
            INSERT INTO "ConversationMetrics" ("ConversationId", "CreatedAt") VALUES (new."Id", new."CreatedAt");
        END;
        CREATE TRIGGER "Messages_Metrics_CustomerMessage" AFTER INSERT ON "Messages" WHEN new."Direction" = 'Inbound' BEGIN
            UPDATE "ConversationMetrics" SET "FirstCustomerMessageAt" = new."SentAt"
            WHERE "ConversationId" = new."ConversationId" AND "FirstCustomerMessageAt" IS NULL;
        END;
        CREATE TRIGGER "Messages_Metrics_AgentReply" AFTER INSERT ON "Messages" WHEN new."Direction" = 'Outbound' AND new."AuthorId" IS NOT NULL BEGIN
            UPDATE "ConversationMetrics" SET "FirstResponseSeconds" = {Seconds("\"FirstCustomerMessageAt\"", "new.\"SentAt\"")}
            WHERE "ConversationId" = new."ConversationId" AND "FirstResponseSeconds" IS NULL AND "FirstCustomerMessageAt" IS NOT NULL;
        END;
        CREATE TRIGGER "ConversationEvents_Metrics_Resolved" AFTER INSERT ON "ConversationEvents" WHEN new."Kind" IN ({ResolvingKinds}) BEGIN
            UPDATE "ConversationMetrics" SET "ResolutionSeconds" = {Seconds("\"CreatedAt\"", "new.\"At\"")} WHERE "ConversationId" = new."ConversationId";
        END;
        """;

    /// <summary>The same moments for conversations stored before the triggers existed, from their messages and audit lines.</summary>
    public static readonly string Backfill =
        $"""
        INSERT INTO "ConversationMetrics" ("ConversationId", "CreatedAt", "FirstCustomerMessageAt", "ResolutionSeconds")
        SELECT c."Id", c."CreatedAt",
            (SELECT min(m."SentAt") FROM "Messages" AS m WHERE m."ConversationId" = c."Id" AND m."Direction" = 'Inbound'),
            {Seconds("c.\"CreatedAt\"", $"(SELECT max(e.\"At\") FROM \"ConversationEvents\" AS e WHERE e.\"ConversationId\" = c.\"Id\" AND e.\"Kind\" IN ({ResolvingKinds}))")}
        FROM "Conversations" AS c WHERE c."Channel" <> 'Internal';
        UPDATE "ConversationMetrics" SET "FirstResponseSeconds" = {Seconds("\"FirstCustomerMessageAt\"", """
            (SELECT min(m."SentAt") FROM "Messages" AS m
            WHERE m."ConversationId" = "ConversationMetrics"."ConversationId" AND m."Direction" = 'Outbound' AND m."AuthorId" IS NOT NULL
                AND m."SentAt" >= "ConversationMetrics"."FirstCustomerMessageAt")
            """)}
        WHERE "FirstCustomerMessageAt" IS NOT NULL;
        """;

    public const string Drop =
        """
        DROP TRIGGER "Conversations_Metrics_Insert";
        DROP TRIGGER "Messages_Metrics_CustomerMessage";
        DROP TRIGGER "Messages_Metrics_AgentReply";
        DROP TRIGGER "ConversationEvents_Metrics_Resolved";
        """;
}
