using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>Deleting a conversation leaves no copy of what was said anywhere in the database, nor its files on disk.</summary>
public sealed class ConversationErasureTests : IAsyncLifetime
{
    private const string Token = "erasure-auth-token-0123456789abcd";
    private const string PublicBase = "https://support.example.com";
    private FakeTwilioApi twilio = null!;
    private OmnichatAppFactory factory = null!;
    private TestWorld world = null!;

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilioApi.StartAsync();
        twilio.MediaAuthToken = Token;
        factory = new OmnichatAppFactory
        {
            RunBackgroundWorkers = false,
            Settings = { ["Omnichat:Twilio:ApiBaseUrl"] = twilio.BaseUrl, ["Omnichat:PublicBaseUrl"] = PublicBase },
        };
        world = new TestWorld(factory.Services);
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task Deleting_a_conversation_erases_its_messages_webhook_payloads_status_callbacks_outbox_rows_and_files()
    {
        var admin = await world.UserAsync(Roles.Admin);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [admin]), authToken: Token, simulated: false);
        using var http = factory.CreateClient();
        const string Confided = "My account number is NL91ABNA0417164300";
        const string Answered = "Thanks, we refunded NL91ABNA0417164300 today";

        // The customer writes with a photo; the webhook is stored, then processed into a message with its file.
        twilio.Media["ME7"] = FileSamples.Png();
        var inbound = TwilioTestKit.IncomingSms(TestWorld.NewPhone(), Confided);
        inbound["AccountSid"] = account.ProviderAccountId!;
        (inbound["NumMedia"], inbound["MediaUrl0"], inbound["MediaContentType0"]) = ("1", twilio.MediaUrl(account.ProviderAccountId!, "ME7"), "image/png");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(TwilioTestKit.Signed($"{PublicBase}/webhooks/twilio/{account.Key}", inbound, Token))).StatusCode);
        await world.ProcessInboundAsync();
        long conversationId;
        await using (var db = await world.CreateDbAsync())
            conversationId = (await db.Messages.SingleAsync(m => m.ProviderMessageId == inbound["MessageSid"])).ConversationId;

        // The reply goes out through the outbox, and Twilio's status callback for it is stored too.
        var replySid = TwilioTestKit.NewSid();
        twilio.Script(FakeTwilioApi.Created(replySid));
        var reply = (await world.Lifecycle.ReplyAsync(conversationId, admin, Answered)).Message!;
        Assert.Equal(1, await factory.Services.GetRequiredService<OutboxSender>().SendDueAsync());
        var status = new Dictionary<string, string>
        {
            ["MessageSid"] = replySid, ["MessageStatus"] = "delivered", ["AccountSid"] = account.ProviderAccountId!, ["To"] = inbound["From"], ["From"] = inbound["To"],
        };
        var callback = await http.SendAsync(TwilioTestKit.Signed($"{PublicBase}/webhooks/twilio/{account.Key}/status", status, Token));
        Assert.True(callback.StatusCode == HttpStatusCode.NoContent, await callback.Content.ReadAsStringAsync());
        await world.ProcessInboundAsync();

        string storedFile;
        await using (var db = await world.CreateDbAsync())
        {
            // Everything that is about to go is really there first.
            storedFile = factory.Services.GetRequiredService<FileStore>().PathOf(await db.StoredFiles.SingleAsync(f => f.ConversationId == conversationId));
            Assert.Equal(2, await db.InboundEvents.CountAsync(e => e.ChannelAccountId == account.Id));
            Assert.True(await db.Outbox.AnyAsync(o => o.MessageId == reply.Id));
        }
        Assert.True(File.Exists(storedFile));
        Assert.NotEmpty(await RowsContainingAsync("NL91ABNA0417164300"));

        Assert.Equal(Outcome.Done, await world.Lifecycle.DeleteAsync(conversationId, admin));

        Assert.Empty(await RowsContainingAsync("NL91ABNA0417164300"));
        Assert.Empty(await RowsContainingAsync("ME7"));
        Assert.False(File.Exists(storedFile));
        await using (var db = await world.CreateDbAsync())
        {
            Assert.False(await db.InboundEvents.AnyAsync(e => e.ChannelAccountId == account.Id));
            Assert.False(await db.Outbox.AnyAsync(o => o.MessageId == reply.Id));
            // The conversation and its audit trail stay, saying it was deleted.
            Assert.Equal(ConversationStatus.Deleted, (await db.Conversations.SingleAsync(c => c.Id == conversationId)).Status);
            Assert.True(await db.ConversationEvents.AnyAsync(e => e.ConversationId == conversationId && e.Kind == ConversationEventKind.Deleted));
        }
    }

    /// <summary>Every table and column of the database, read as text, where <paramref name="needle"/> occurs.</summary>
    private async Task<List<string>> RowsContainingAsync(string needle)
    {
        await using var db = await world.CreateDbAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
            }
            foreach (var column in columns)
            {
                await using var search = connection.CreateCommand();
                // As bytes, so binary pages (the full-text index's) are searched past their first zero byte; and in lower
                // case too, the form the full-text index keeps its words in.
                search.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS BLOB), CAST($needle AS BLOB)) > 0" +
                                     $" OR instr(CAST(\"{column}\" AS BLOB), CAST(lower($needle) AS BLOB)) > 0";
                search.Parameters.AddWithValue("$needle", needle);
                if ((long)(await search.ExecuteScalarAsync())! > 0) found.Add($"{table}.{column}");
            }
        }
        Assert.Contains("Messages", tables);
        return found;
    }
}
