using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Omnichat.IntakeBench;

/// <summary>
/// The published app in a data directory of its own, set up only through its command-line verbs (a user, a queue, an
/// SMS channel) and started like production: Production environment, bound to one loopback port, with the public base
/// URL set to that address so Twilio signatures made for it validate.
/// </summary>
public sealed class OmnichatApp : IAsyncDisposable
{
    public const string ChannelKey = "bench";
    private const string QueueName = "Bench";

    private readonly string publishDirectory;
    private readonly string logPath;
    private ChildProcess? process;

    public string DataDirectory { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string WebhookUrl => $"{BaseUrl}/webhooks/twilio/{ChannelKey}";
    public string DatabasePath => Path.Combine(DataDirectory, "omnichat.db");
    public string AccountSid { get; } = "AC" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public string AuthToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public string ChannelAddress => "+31200000000";

    private OmnichatApp(string publishDirectory, string dataDirectory, string logPath, int port)
    {
        this.publishDirectory = publishDirectory;
        DataDirectory = dataDirectory;
        this.logPath = logPath;
        Port = port;
    }

    private Dictionary<string, string> Environment => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Omnichat__DataDirectory"] = DataDirectory,
        ["Omnichat__PublicBaseUrl"] = BaseUrl,
    };

    /// <summary>The agents <see cref="SetUpAsync"/> added, all members of the channel's queue, signing in with <see cref="AgentPassword"/>.</summary>
    public IReadOnlyList<string> AgentEmails { get; private set; } = [];

    public string AgentPassword { get; } = "Bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public int ProcessId => process?.Id ?? throw new InvalidOperationException("The app is not running.");

    public static async Task<OmnichatApp> SetUpAsync(string publishDirectory, string dataDirectory, string logPath, int agents = 0)
    {
        if (!File.Exists(Path.Combine(publishDirectory, "Omnichat.Blazor.dll")))
            throw new FileNotFoundException($"No published app in {publishDirectory} (dotnet publish Omnichat.Blazor -c Release -o <dir>).");
        Directory.CreateDirectory(dataDirectory);
        var app = new OmnichatApp(Path.GetFullPath(publishDirectory), Path.GetFullPath(dataDirectory), logPath, ChildProcess.FreePort());
        // An empty standard input makes `users add` generate a password; the channel's auth token is read from it.
        await app.CliAsync("", "users", "add", "--name", "Bench Agent", "--email", "bench@example.com", "--role", "Admin", "--extension", "100");
        var members = new List<string> { "100" };
        var emails = new List<string>();
        for (var i = 1; i <= agents; i++)
        {
            var extension = (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var email = $"agent{i}@example.com";
            await app.CliAsync(app.AgentPassword, "users", "add", "--name", $"Bench Agent {i}", "--email", email, "--role", "Agent", "--extension", extension);
            members.Add(extension);
            emails.Add(email);
        }
        app.AgentEmails = emails;
        await app.CliAsync("", ["queues", "add", "--name", QueueName, "--strategy", "All", "--members", .. members]);
        await app.CliAsync(app.AuthToken, "channels", "add", "--kind", "Sms", "--key", ChannelKey, "--address", app.ChannelAddress,
            "--queue", QueueName, "--account-sid", app.AccountSid);
        return app;
    }

    private Task CliAsync(string standardInput, params string[] verb) =>
        ChildProcess.RunAsync($"omnichat {verb[0]} {verb[1]}", "dotnet", ["Omnichat.Blazor.dll", .. verb], logPath,
            TimeSpan.FromMinutes(2), publishDirectory, Environment, standardInput);

    public async Task StartAsync()
    {
        process = ChildProcess.Start("omnichat", "dotnet", ["Omnichat.Blazor.dll", "--urls", BaseUrl], logPath, publishDirectory, Environment);
        await process.WaitUntilHealthyAsync($"{BaseUrl}/healthz", TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null) await process.DisposeAsync();
        process = null;
    }
}

/// <summary>Reads counts from a SQLite file that another process is writing (WAL lets it read without blocking that writer).</summary>
public static class Database
{
    public static long Count(string path, string sql, bool readOnly = false) => Convert.ToInt64(Scalar(path, sql, readOnly));

    /// <summary>The first column of the first row, or null.</summary>
    public static object? Scalar(string path, string sql, bool readOnly = false)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, DefaultTimeout = 30, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is { } value and not DBNull ? value : null;
    }

    /// <summary>Counts once the number has stopped moving for <paramref name="quiet"/>: requests that were in flight when the load stopped settle first.</summary>
    public static async Task<long> SettledCountAsync(string path, string sql, TimeSpan quiet, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = Count(path, sql);
        var since = clock.Elapsed;
        while (clock.Elapsed < timeout)
        {
            await Task.Delay(100);
            var now = Count(path, sql);
            if (now != last) { last = now; since = clock.Elapsed; }
            else if (clock.Elapsed - since >= quiet) break;
        }
        return last;
    }
}
