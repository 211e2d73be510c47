using System.Diagnostics;

namespace Omnichat.IntakeBench;

/// <summary>
/// Throughput and latency of the webhook intake against two references, all driven by the same wrk and Lua script:
/// per connection count, bare Kestrel first, then the naive reference and the app on the same fresh set of signed
/// requests (their databases are separate), then a wait until the app has processed its backlog so the next run
/// starts from rest. Finally the app once more at half its peak rate, at a constant rate.
/// </summary>
public static class ThroughputRun
{
    public const string StoredSql = "SELECT COUNT(*) FROM InboundEvents";
    public const string PendingSql = "SELECT COUNT(*) FROM InboundEvents WHERE ProcessedAt IS NULL";
    private const int WarmupRequests = 20_000;

    public static async Task<int> RunAsync(Options options)
    {
        var publishDirectory = options.Required("app");
        var work = Path.GetFullPath(options.Required("work"));
        var duration = options.Int("duration", 8);
        var levels = options.Ints("connections", [8, 32, 128]);
        var threads = options.Int("threads", 2);
        var warmup = options.Int("warmup", 2);
        var senders = options.Int("senders", 5000);
        var drainTimeout = TimeSpan.FromSeconds(options.Int("drain-timeout", 300));
        var outDirectory = options.String("out", Path.Combine("bench", "results"));
        var storedSql = options.String("stored-sql", StoredSql);
        var pendingSql = options.String("pending-sql", PendingSql);
        var lua = options.String("lua", Path.Combine(AppContext.BaseDirectory, "intake.lua"));
        Directory.CreateDirectory(work);
        var log = Path.Combine(work, "bench.log");
        var wrk = new Wrk(lua, threads, log);
        void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

        Say($"Setting up the app in {work} (log: {log})");
        await using var app = await OmnichatApp.SetUpAsync(publishDirectory, Path.Combine(work, "app-data"), Path.Combine(work, "omnichat.log"));
        await app.StartAsync();
        var barePort = ChildProcess.FreePort();
        await using var bare = Self.Start("bare", ["bare", "--port", barePort.ToString()], Path.Combine(work, "bare.log"));
        var naivePort = ChildProcess.FreePort();
        var naiveDatabase = Path.Combine(work, "naive.db");
        // The naive server checks signatures against the app's public URL, as the app does behind a proxy, so both
        // accept the very same signed requests.
        await using var naive = Self.Start("naive", ["naive", "--port", naivePort.ToString(), "--db", naiveDatabase, "--public-url", app.BaseUrl],
            Path.Combine(work, "naive.log"), app.AuthToken);
        await bare.WaitUntilHealthyAsync($"http://127.0.0.1:{barePort}/healthz", TimeSpan.FromMinutes(1));
        await naive.WaitUntilHealthyAsync($"http://127.0.0.1:{naivePort}/healthz", TimeSpan.FromMinutes(1));

        var requests = new TwilioRequests(app.WebhookUrl, app.AuthToken, app.AccountSid, app.ChannelAddress, senders);
        var path = new Uri(app.WebhookUrl).AbsolutePath;
        var targets = new Target[]
        {
            new("bare", $"http://127.0.0.1:{barePort}{path}", null),
            new("naive", $"http://127.0.0.1:{naivePort}{path}", naiveDatabase),
            new("app", app.WebhookUrl, app.DatabasePath),
        };

        // One signed request to each storing target first: a refused signature stops here with a clear message
        // instead of producing a table of fast 403s.
        foreach (var target in targets.Where(t => t.Database is not null))
        {
            var load = new HttpLoad(requests, target.Url);
            var probe = await load.SendAllAsync(load.Prepare(TwilioRequests.NewNamespace(), 1), 1);
            if (probe.Ok != 1) throw new InvalidOperationException($"{target.Name} refused a signed webhook (see {work}); is the public base URL right?");
        }

        var warmupFile = Path.Combine(work, "requests-warmup.txt");
        requests.WriteFile(warmupFile, TwilioRequests.NewNamespace(), WarmupRequests);
        if (warmup > 0)
        {
            Say($"Warming up each target for {warmup} s");
            foreach (var target in targets) await wrk.RunAsync(target.Url, warmupFile, Math.Min(8, levels.Min()), warmup);
            await DrainAsync(app, pendingSql, drainTimeout, Say);
        }

        var runs = new List<RunResult>();
        foreach (var connections in levels)
        {
            var bareSummary = await wrk.RunAsync(targets[0].Url, warmupFile, connections, duration);
            runs.Add(RunResult.From("bare", connections, bareSummary, null, null));
            Say($"bare  c={connections,-4} {bareSummary.RequestsPerSecond,10:N0} req/s");

            // Enough unique requests for the storing targets to go twice as fast as bare Kestrel did; a run that still
            // runs out is marked, since the app would deduplicate the repeats.
            var count = Math.Max(WarmupRequests, (long)Math.Ceiling(bareSummary.RequestsPerSecond * duration * 2));
            var file = Path.Combine(work, $"requests-c{connections}.txt");
            var clock = Stopwatch.StartNew();
            requests.WriteFile(file, TwilioRequests.NewNamespace(), count);
            Say($"      {count:N0} signed requests written in {clock.Elapsed.TotalSeconds:0.0} s");

            foreach (var target in targets.Skip(1))
            {
                var before = Database.Count(target.Database!, storedSql);
                var summary = await wrk.RunAsync(target.Url, file, connections, duration);
                var stored = await Database.SettledCountAsync(target.Database!, storedSql, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) - before;
                double? drained = null;
                if (target.Name == "app") drained = await DrainAsync(app, pendingSql, drainTimeout, Say);
                var run = RunResult.From(target.Name, connections, summary, stored, drained, bareSummary.RequestsPerSecond);
                runs.Add(run);
                Say($"{target.Name,-5} c={connections,-4} {summary.RequestsPerSecond,10:N0} req/s, p99 {summary.P99Us / 1000.0:N1} ms, " +
                    $"stored {stored:N0} of {summary.Ok:N0} acknowledged{(drained is { } d ? $", backlog processed {d:0.0} s later" : "")}");
            }
            File.Delete(file);
        }

        var peak = runs.Where(r => r.Target == "app").MaxBy(r => r.RequestsPerSecond)!;
        var halfRate = Math.Max(1, peak.RequestsPerSecond / 2);
        Say($"app at half its peak: {halfRate:N0} req/s for {duration} s at a constant rate");
        var beforeHalf = Database.Count(app.DatabasePath, storedSql);
        var half = await new HttpLoad(requests, app.WebhookUrl).ConstantRateAsync(halfRate, duration, levels.Max());
        var storedHalf = await Database.SettledCountAsync(app.DatabasePath, storedSql, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) - beforeHalf;
        Say($"      p50 {half.P50Ms:N1} ms, p99 {half.P99Ms:N1} ms, stored {storedHalf:N0} of {half.Ok:N0} acknowledged");

        var report = new ThroughputReport(DateTimeOffset.Now, options.String("commit", "unknown"), Machine.Describe(),
            new ThroughputSettings(duration, levels, threads, warmup, senders), runs, new HalfPeakResult(peak.Connections, half, storedHalf));
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        var written = Reports.Write(outDirectory, "intake", report);
        Console.WriteLine($"Results: {written}");
        return report.AllAcknowledgedStored ? 0 : 3;
    }

    /// <summary>
    /// Waits until the app has processed every stored event, so the next run does not share the CPU with the backlog.
    /// Gives up after <paramref name="timeout"/>, or when the backlog has not shrunk for 30 s (events that keep failing).
    /// </summary>
    private static async Task<double?> DrainAsync(OmnichatApp app, string pendingSql, TimeSpan timeout, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var pending = Database.Count(app.DatabasePath, pendingSql);
            var lastProgress = clock.Elapsed;
            while (pending > 0)
            {
                if (clock.Elapsed > timeout || clock.Elapsed - lastProgress > TimeSpan.FromSeconds(30))
                {
                    say($"      the app still had {pending:N0} unprocessed events after {clock.Elapsed.TotalSeconds:0} s; going on");
                    return null;
                }
                await Task.Delay(200);
                var now = Database.Count(app.DatabasePath, pendingSql);
                if (now < pending) lastProgress = clock.Elapsed;
                pending = now;
            }
            return clock.Elapsed.TotalSeconds;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            say($"      cannot tell whether the app's backlog is processed ({e.Message}); going on (see --pending-sql)");
            return null;
        }
    }

    private sealed record Target(string Name, string Url, string? Database);
}

/// <summary>Starts this program again in one of its server modes.</summary>
public static class Self
{
    public static ChildProcess Start(string name, string[] args, string logPath, string? standardInput = null)
    {
        var host = Environment.ProcessPath!;
        var isMuxer = Path.GetFileNameWithoutExtension(host) == "dotnet";
        return ChildProcess.Start(name, host, isMuxer ? [typeof(Self).Assembly.Location, .. args] : args, logPath, standardInput: standardInput);
    }
}
