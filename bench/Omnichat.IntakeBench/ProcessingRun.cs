using System.Diagnostics;
using System.Text;

namespace Omnichat.IntakeBench;

/// <summary>
/// Processing throughput, seen only from outside, in two runs on fresh data directories:
/// <list type="number">
/// <item><b>Stored backlog</b> (the processor alone): the events are written straight into <c>InboundEvents</c> before
/// the app starts; then the app is started and the messages table is counted until every event is a message. The rate
/// is the backlog divided by the time from the last count that saw no message to the first that saw them all, so
/// neither start-up nor the HTTP intake counts for or against the processor.</item>
/// <item><b>End to end</b>: the same number of signed webhooks through the HTTP endpoint as fast as the app takes them,
/// processed while they arrive as in production; this rate can never exceed the intake rate.</item>
/// </list>
/// </summary>
public static class ProcessingRun
{
    /// <summary>Messages of this run: their provider ids all start with the run's SID prefix, and that column is indexed.</summary>
    public const string MessagesSql = "SELECT COUNT(*) FROM Messages WHERE ProviderMessageId BETWEEN '{prefix}' AND '{prefix}~'";

    public const string FailedSql = "SELECT COUNT(*) FROM InboundEvents WHERE LastError IS NOT NULL OR DeadLetteredAt IS NOT NULL";
    public const string FirstErrorSql = "SELECT LastError FROM InboundEvents WHERE LastError IS NOT NULL ORDER BY Id LIMIT 1";

    /// <summary>No new message for this long while events are left means they are failing, not slow.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    private sealed record Settings(
        string PublishDirectory, string Work, int Count, int Senders, int Connections, TimeSpan Timeout,
        string MessagesSql, string StoredSql, string PendingSql, Action<string> Say);

    public static async Task<int> RunAsync(Options options)
    {
        var work = Path.GetFullPath(options.Required("work"));
        Directory.CreateDirectory(work);
        var settings = new Settings(
            options.Required("app"), work, options.Int("messages", 100_000), options.Int("senders", 5000), options.Int("connections", 32),
            TimeSpan.FromSeconds(options.Int("timeout", 900)),
            options.String("messages-sql", MessagesSql), options.String("stored-sql", ThroughputRun.StoredSql),
            options.String("pending-sql", ThroughputRun.PendingSql),
            line => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
        var endToEnd = options.String("end-to-end", "yes") switch
        {
            "yes" => true,
            "no" => false,
            var other => throw new ArgumentException($"--end-to-end takes yes or no, not {other}."),
        };

        var backlog = await BacklogAsync(settings);
        var e2e = endToEnd ? await EndToEndAsync(settings) : null;

        var report = new ProcessingReport(DateTimeOffset.Now, options.String("commit", "unknown"), Machine.Describe(),
            settings.Count, settings.Senders, backlog, e2e);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"Results: {Reports.Write(options.String("out", Path.Combine("bench", "results")), "intake-processing", report)}");
        return report.AllAcknowledgedStored ? 0 : 3;
    }

    /// <summary>The processor alone, over a backlog that is all there before the app starts.</summary>
    private static async Task<BacklogResult> BacklogAsync(Settings s)
    {
        var dataDirectory = Path.Combine(s.Work, "backlog-data");
        s.Say($"Stored backlog: setting up the app in {dataDirectory} (not started yet)");
        await using var app = await OmnichatApp.SetUpAsync(s.PublishDirectory, dataDirectory, Path.Combine(s.Work, "omnichat-backlog.log"));
        var requests = new TwilioRequests(app.WebhookUrl, app.AuthToken, app.AccountSid, app.ChannelAddress, s.Senders);
        var ns = TwilioRequests.NewNamespace();
        var db = app.DatabasePath;
        var messagesSql = s.MessagesSql.Replace("{prefix}", TwilioRequests.Sid(ns, 0)[..18]);

        s.Say($"      writing {s.Count:N0} events from {s.Senders:N0} senders into InboundEvents");
        var writeSeconds = StoredBacklog.Write(db, OmnichatApp.ChannelKey, requests, ns, s.Count);
        var pendingBefore = Database.Count(db, s.PendingSql, readOnly: true);
        if (pendingBefore != s.Count || Database.Count(db, messagesSql, readOnly: true) != 0)
            throw new InvalidOperationException($"After writing {s.Count:N0} events, {pendingBefore:N0} are pending; does --pending-sql match the schema?");
        s.Say($"      written in {writeSeconds:0.0} s; starting the app and counting messages every 200 ms (gives up after {s.Timeout.TotalSeconds:0} s)");

        var samples = new List<Sample>();
        double? healthy = null, firstSeen = null, allSeen = null;
        double lastNone = 0, lastChange = 0;
        long processed = 0;
        var clock = Stopwatch.StartNew();
        var starting = app.StartAsync();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (clock.Elapsed < s.Timeout && await timer.WaitForNextTickAsync())
        {
            if (healthy is null && starting.IsCompleted)
            {
                await starting;
                healthy = clock.Elapsed.TotalSeconds;
                s.Say($"      healthy after {healthy:0.0} s; {processed:N0} messages so far");
            }
            // Taken before the count: a count of none means the first batch was committed after this moment, a count of
            // all that the last one was committed before it, so the time between the two includes every commit.
            var now = clock.Elapsed.TotalSeconds;
            var count = Database.Count(db, messagesSql, readOnly: true);
            samples.Add(new Sample(now, count));
            if (count != processed) lastChange = now;
            processed = count;
            if (processed == 0) lastNone = now;
            else if (firstSeen is null)
            {
                firstSeen = now;
                s.Say($"      first messages after {now:0.0} s");
            }
            if (processed >= s.Count && Database.Count(db, s.PendingSql, readOnly: true) == 0)
            {
                allSeen = now;
                break;
            }
            if (healthy is { } up && now - Math.Max(up, lastChange) > Stall.TotalSeconds) break;
        }
        if (healthy is null) await starting;

        var failed = Database.Count(db, FailedSql, readOnly: true);
        if (allSeen is null && failed > 0)
            throw new InvalidOperationException($"{failed:N0} stored events failed to process ({processed:N0} of {s.Count:N0} messages); " +
                                                $"the first error: {Database.Scalar(db, FirstErrorSql, readOnly: true)}");
        var pendingAtEnd = Database.Count(db, s.PendingSql, readOnly: true);
        var result = new BacklogResult(s.Count, writeSeconds, healthy, firstSeen, lastNone, allSeen, processed, pendingAtEnd, failed, Resample(samples));
        s.Say(result.MessagesPerSecond is { } rate
            ? $"      all {s.Count:N0} messages after {allSeen:0.0} s: {result.DrainSeconds:0.00} s of processing, {rate:N0} messages/s"
            : $"      gave up with {processed:N0} of {s.Count:N0} messages after {clock.Elapsed.TotalSeconds:0} s");
        return result;
    }

    /// <summary>Webhooks through the HTTP endpoint while the app processes them, as in production.</summary>
    private static async Task<EndToEndResult> EndToEndAsync(Settings s)
    {
        var dataDirectory = Path.Combine(s.Work, "processing-data");
        s.Say($"End to end: setting up the app in {dataDirectory}");
        await using var app = await OmnichatApp.SetUpAsync(s.PublishDirectory, dataDirectory, Path.Combine(s.Work, "omnichat-processing.log"));
        await app.StartAsync();
        var requests = new TwilioRequests(app.WebhookUrl, app.AuthToken, app.AccountSid, app.ChannelAddress, s.Senders);
        var load = new HttpLoad(requests, app.WebhookUrl);
        long Messages(ulong ns) => Database.Count(app.DatabasePath, s.MessagesSql.Replace("{prefix}", TwilioRequests.Sid(ns, 0)[..18]), readOnly: true);

        // One message end to end first: proves the signature, the processor and the counting query before the clock runs.
        var probeNs = TwilioRequests.NewNamespace();
        var probe = await load.SendAllAsync(load.Prepare(probeNs, 1), 1);
        if (probe.Ok != 1) throw new InvalidOperationException($"The app refused a signed webhook (see {s.Work}); is the public base URL right?");
        var probeClock = Stopwatch.StartNew();
        while (Messages(probeNs) < 1)
        {
            if (probeClock.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"The probe message never appeared; does --messages-sql match the schema? ({s.MessagesSql})");
            await Task.Delay(100);
        }

        var ns = TwilioRequests.NewNamespace();
        s.Say($"      signing {s.Count:N0} webhooks from {s.Senders:N0} senders");
        var batch = load.Prepare(ns, s.Count);
        var storedBefore = Database.Count(app.DatabasePath, s.StoredSql);

        s.Say($"      sending them over {s.Connections} connections and counting messages every 200 ms (gives up after {s.Timeout.TotalSeconds:0} s)");
        using var deadline = new CancellationTokenSource(s.Timeout);
        var clock = Stopwatch.StartNew();
        var sending = load.SendAllAsync(batch, s.Connections, deadline.Token);
        var samples = new List<Sample>();
        SendResult? intake = null;
        double intakeSeconds = 0;
        long processedAtIntakeEnd = 0;
        double? allSeconds = null;
        while (!deadline.IsCancellationRequested)
        {
            await Task.WhenAny(sending, Task.Delay(200));
            var processed = Messages(ns);
            var now = clock.Elapsed.TotalSeconds;
            samples.Add(new Sample(now, processed));
            if (intake is null && sending.IsCompleted)
            {
                intake = await sending;
                intakeSeconds = now;
                processedAtIntakeEnd = processed;
                s.Say($"      intake done: {intake.Ok:N0} of {intake.Count:N0} answered 2xx in {intake.Seconds:0.0} s; {processed:N0} messages so far");
            }
            if (intake is not null && processed >= intake.Ok)
            {
                allSeconds = now;
                break;
            }
        }
        intake ??= await sending;
        var storedEvents = await Database.SettledCountAsync(app.DatabasePath, s.StoredSql, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) - storedBefore;
        var result = new EndToEndResult(s.Connections, intake, intakeSeconds, storedEvents, processedAtIntakeEnd,
            samples.Count > 0 ? samples[^1].Processed : 0, allSeconds, Resample(samples));
        s.Say(result.MessagesPerSecond is { } rate
            ? $"      all messages after {allSeconds:0.0} s: {rate:N0} messages/s end to end"
            : $"      gave up with {result.ProcessedAtEnd:N0} messages");
        return result;
    }

    /// <summary>One sample per second for the JSON.</summary>
    private static List<Sample> Resample(List<Sample> samples) =>
        samples.GroupBy(s => (int)s.Seconds).Select(g => g.Last()).Append(samples.LastOrDefault() ?? new Sample(0, 0)).Distinct().ToList();
}

public sealed record Sample(double Seconds, long Processed);

/// <summary>
/// The stored-backlog run. Times in seconds from the app's process start: HealthySeconds until /healthz answered,
/// FirstMessageSeconds until a count first saw a message, LastNoneSeconds the last count that saw none,
/// AllProcessedSeconds the first count that saw every message with no event left unprocessed.
/// </summary>
public sealed record BacklogResult(
    int Events, double WriteSeconds, double? HealthySeconds, double? FirstMessageSeconds, double LastNoneSeconds, double? AllProcessedSeconds,
    long ProcessedAtEnd, long PendingAtEnd, long FailedEvents, IReadOnlyList<Sample> Samples)
{
    public bool Complete => AllProcessedSeconds is not null;

    /// <summary>From the last count that saw no message to the first that saw all: first commit to last, plus up to two polls.</summary>
    public double? DrainSeconds => AllProcessedSeconds is { } all ? all - LastNoneSeconds : null;

    public double? MessagesPerSecond => DrainSeconds is { } d and > 0 ? Events / d : null;
}

/// <summary>The end-to-end run: webhooks over HTTP, processed while they arrive. Times in seconds from the first webhook sent.</summary>
public sealed record EndToEndResult(
    int Connections, SendResult Intake, double IntakeSeconds, long StoredEvents, long ProcessedAtIntakeEnd, long ProcessedAtEnd,
    double? AllProcessedSeconds, IReadOnlyList<Sample> Samples)
{
    /// <summary>From the first webhook sent to the last message present.</summary>
    public double? MessagesPerSecond => AllProcessedSeconds is { } s ? Intake.Ok / s : null;

    /// <summary>
    /// How fast the backlog left at the end of the intake was worked off; null when there was too little of it to time
    /// with 200 ms samples (under 5% of the messages or under 2 s).
    /// </summary>
    public double? DrainMessagesPerSecond =>
        AllProcessedSeconds is { } s && Intake.Ok - ProcessedAtIntakeEnd >= Math.Max(100, Intake.Ok / 20) && s - IntakeSeconds >= 2
            ? (Intake.Ok - ProcessedAtIntakeEnd) / (s - IntakeSeconds) : null;

    public bool AllAcknowledgedStored => StoredEvents >= Intake.Ok;
}

public sealed record ProcessingReport(
    DateTimeOffset Date, string Commit, MachineInfo Machine, int Messages, int Senders, BacklogResult Backlog, EndToEndResult? EndToEnd)
{
    public const double TargetMessagesPerSecond = 5000;

    public bool AllAcknowledgedStored => EndToEnd?.AllAcknowledgedStored ?? true;

    public bool TargetMet => Backlog.MessagesPerSecond >= TargetMessagesPerSecond;

    public string Markdown()
    {
        static string Seconds(double? s) => s is { } v ? v.ToString("N1") : "—";
        var md = new StringBuilder();
        md.AppendLine($"## Webhook processing, {Date:yyyy-MM-dd HH:mm}, commit {Commit}");
        md.AppendLine();
        md.AppendLine($"{Messages:N0} SMS from {Senders:N0} senders; {Machine.Processors} cores ({Machine.Cpu}), {Machine.Dotnet}.");
        md.AppendLine();
        var b = Backlog;
        md.AppendLine($"Stored backlog, the processor alone: {b.Events:N0} events written into InboundEvents in {b.WriteSeconds:N1} s before the app " +
                      "started; seconds from the app's process start.");
        md.AppendLine();
        md.AppendLine("| Healthy after s | First messages after s | All messages after s | Processing s | Messages/s | Failed events |");
        md.AppendLine("|----------------:|-----------------------:|---------------------:|-------------:|-----------:|--------------:|");
        md.AppendLine($"| {Seconds(b.HealthySeconds)} | {Seconds(b.FirstMessageSeconds)} | " +
                      $"{(b.AllProcessedSeconds is { } all ? all.ToString("N1") : $"not all ({b.ProcessedAtEnd:N0})")} | " +
                      $"{(b.DrainSeconds is { } d ? d.ToString("N2") : "—")} | {b.MessagesPerSecond?.ToString("N0") ?? "—"} | {b.FailedEvents:N0} |");
        md.AppendLine();
        md.AppendLine("Processing s runs from the last 200 ms count that saw no message to the first that saw them all: from the first " +
                      "committed batch to the last, give or take a poll at each end. The start-up until the first commit is in " +
                      "First messages after s, not in the rate; the warm-up after it is (see the samples in the JSON).");
        md.AppendLine();

        if (EndToEnd is { } e)
        {
            md.AppendLine($"End to end: {Messages:N0} signed webhooks through the HTTP endpoint over {e.Connections} connections, processed while " +
                          "they arrive; seconds from the first webhook sent.");
            md.AppendLine();
            md.AppendLine("| Intake s | Intake req/s | 2xx | Stored events | Messages at intake end | All messages after s | Messages/s | Backlog drain msg/s |");
            md.AppendLine("|---------:|-------------:|----:|--------------:|-----------------------:|---------------------:|-----------:|--------------------:|");
            md.AppendLine($"| {e.Intake.Seconds:N1} | {e.Intake.RequestsPerSecond:N0} | {e.Intake.Ok:N0} | {e.StoredEvents:N0} | {e.ProcessedAtIntakeEnd:N0} | " +
                          $"{(e.AllProcessedSeconds is { } s ? s.ToString("N1") : $"not all ({e.ProcessedAtEnd:N0})")} | {e.MessagesPerSecond?.ToString("N0") ?? "—"} | " +
                          $"{e.DrainMessagesPerSecond?.ToString("N0") ?? "—"} |");
            md.AppendLine();
            md.AppendLine("The end-to-end rate cannot exceed the intake rate: it shows the whole path, not the processor.");
            if (e.Intake.Non2xx + e.Intake.Errors > 0) md.AppendLine($"{e.Intake.Non2xx:N0} webhooks were refused and {e.Intake.Errors:N0} failed.");
            md.AppendLine();
        }

        md.AppendLine("| Check | Measured | Needed | Met |");
        md.AppendLine("|-------|----------|--------|-----|");
        md.AppendLine($"| processor: messages/s over {b.Events:N0} stored events | " +
                      $"{(b.MessagesPerSecond is { } rate ? $"{rate:N0}" : $"not all processed ({b.ProcessedAtEnd:N0})")} | " +
                      $"≥ {TargetMessagesPerSecond:N0} | {(TargetMet ? "yes" : "**no**")} |");
        if (EndToEnd is { } run)
            md.AppendLine($"| every acknowledged webhook stored (end to end) | " +
                          $"{(run.AllAcknowledgedStored ? $"{run.StoredEvents:N0} of {run.Intake.Ok:N0}" : $"**{run.Intake.Ok - run.StoredEvents:N0} missing**")} | " +
                          $"none missing | {(run.AllAcknowledgedStored ? "yes" : "**no**")} |");
        return md.ToString();
    }
}
