using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

/// <summary>The console as a real process under the faults an operator meets: a hard kill during a flood, and a plain stop.</summary>
[Collection(ProcessTests.Name)]
public sealed class IngestionProcessTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private const string ChannelKey = "flood";
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "omnichat-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await AppProcess.RunVerbAsync(dataDirectory, null, "queues", "add", "--name", "Flood")).ExitCode);
        var channel = await AppProcess.RunVerbAsync(dataDirectory, Token, "channels", "add", "--kind", "Sms", "--key", ChannelKey,
            "--address", "+31200000000", "--queue", "Flood", "--account-sid", "AC" + new string('1', 32));
        Assert.True(channel.ExitCode == 0, channel.Output);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_webhook_acknowledged_before_a_hard_kill_is_a_message_exactly_once_after_restart()
    {
        var acknowledged = new ConcurrentBag<string>();
        await using (var app = await AppProcess.StartAsync(dataDirectory))
        {
            using var http = new HttpClient();
            using var flood = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
            {
                while (!flood.IsCancellationRequested)
                {
                    var sid = TwilioTestKit.NewSid();
                    var url = $"{app.BaseUrl}/webhooks/twilio/{ChannelKey}";
                    try
                    {
                        var response = await http.SendAsync(TwilioTestKit.Signed(url, TwilioTestKit.IncomingSms($"+3161000{sender:D4}", $"Flood {sid}", sid), Token));
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(sid);
                    }
                    catch (HttpRequestException)
                    {
                        return; // The process is gone: what was not answered was never acknowledged.
                    }
                }
            })).ToList();

            // Kill in the middle of the flood, once plenty has been acknowledged and processing is under way.
            while (acknowledged.Count < 2_000) await Task.Delay(20);
            await app.KillAsync();
            await flood.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using (var restarted = await AppProcess.StartAsync(dataDirectory))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountAsync("SELECT COUNT(*) FROM InboundEvents WHERE ProcessedAt IS NULL") > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(200);
        }

        var stored = await ProviderIdsAsync();
        Assert.Empty(acknowledged.Where(sid => !stored.ContainsKey(sid)));
        Assert.Empty(stored.Where(s => s.Value > 1));
    }

    [Fact]
    public async Task A_plain_stop_ends_with_exit_code_0_and_logs_no_failure_even_with_a_client_that_hung_up_mid_request()
    {
        await using var app = await AppProcess.StartAsync(dataDirectory);
        using (var http = new HttpClient())
        {
            var url = $"{app.BaseUrl}/webhooks/twilio/{ChannelKey}";
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(TwilioTestKit.Signed(url, TwilioTestKit.IncomingSms("+31610000001", "Hello"), Token))).StatusCode);
        }
        await HangUpMidRequestAsync(new Uri(app.BaseUrl));

        var exitCode = await app.StopAsync();

        Assert.Equal(0, exitCode);
        var log = app.Log.ToList();
        Assert.False(log.Any(line => line.StartsWith("fail:") || line.StartsWith("crit:")), string.Join('\n', log));
    }

    /// <summary>Announces a body it never sends, then closes the connection.</summary>
    private static async Task HangUpMidRequestAsync(Uri baseUri)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUri.Host, baseUri.Port);
        var stream = client.GetStream();
        var head = $"POST /webhooks/twilio/{ChannelKey} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nMessageSid=SM";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.FlushAsync();
        await Task.Delay(300);
        client.Client.LingerState = new LingerOption(true, 0);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "omnichat.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Dictionary<string, long>> ProviderIdsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "omnichat.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProviderMessageId, COUNT(*) FROM Messages WHERE ProviderMessageId IS NOT NULL GROUP BY ProviderMessageId";
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    public const string Name = "Console processes";
}
