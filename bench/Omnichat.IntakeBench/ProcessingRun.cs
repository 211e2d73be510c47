using System.Diagnostics;
using System.Text;

namespace Omnichat.IntakeBench;

/// <summary>
/// Processing throughput, seen only from outside: a burst of signed webhooks from many senders goes in through the
/// HTTP endpoint as fast as the app takes them, and the messages table is counted until every one of them is there.
/// The app processes while it takes webhooks in, as it would in production, so the end-to-end rate can never exceed
/// the intake rate; the rate at which the backlog left at the end of the intake drains is reported beside it.
/// </summary>
public static class ProcessingRun
{
    /// <summary>Messages of this run: their provider ids all start with the run's SID prefix, and that column is indexed.</summary>
    public const string MessagesSql = "SELECT COUNT(*) FROM Messages WHERE ProviderMessageId BETWEEN '{prefix}' AND '{prefix}~'";

    public static async Task<int> RunAsync(Options options)
    {
        var publishDirectory = options.Required("app");
        var work = Path.GetFullPath(options.Required("work"));
        var count = options.Int("messages", 100_000);
        var senders = options.Int("senders", 5000);
        var connections = options.Int("connections", 32);
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 900));
        var outDirectory = options.String("out", Path.Combine("bench", "results"));
        var messagesSql = options.String("messages-sql", MessagesSql);
        var storedSql = options.String("stored-sql", ThroughputRun.StoredSql);
        Directory.CreateDirectory(work);
        void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

        Say($"Setting up the app in {work}");
        await using var app = await OmnichatApp.SetUpAsync(publishDirectory, Path.Combine(work, "processing-data"), Path.Combine(work, "omnichat-processing.log"));
        await app.StartAsync();
        var requests = new TwilioRequests(app.WebhookUrl, app.AuthToken, app.AccountSid, app.ChannelAddress, senders);
        var load = new HttpLoad(requests, app.WebhookUrl);
        long Messages(ulong ns) => Database.Count(app.DatabasePath, messagesSql.Replace("{prefix}", TwilioRequests.Sid(ns, 0)[..18]));

        // One message end to end first: proves the signature, the processor and the counting query before the clock runs.
        var probeNs = TwilioRequests.NewNamespace();
        var probe = await load.SendAllAsync(load.Prepare(probeNs, 1), 1);
        if (probe.Ok != 1) throw new InvalidOperationException($"The app refused a signed webhook (see {work}); is the public base URL right?");
        var probeClock = Stopwatch.StartNew();
        while (Messages(probeNs) < 1)
        {
            if (probeClock.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"The probe message never appeared; does --messages-sql match the schema? ({messagesSql})");
            await Task.Delay(100);
        }

        var ns = TwilioRequests.NewNamespace();
        Say($"Signing {count:N0} webhooks from {senders:N0} senders");
        var batch = load.Prepare(ns, count);
        var storedBefore = Database.Count(app.DatabasePath, storedSql);

        Say($"Sending them over {connections} connections and counting messages every 200 ms (gives up after {timeout.TotalSeconds:0} s)");
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        var sending = load.SendAllAsync(batch, connections, deadline.Token);
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
                Say($"      intake done: {intake.Ok:N0} of {intake.Count:N0} answered 2xx in {intake.Seconds:0.0} s; {processed:N0} messages so far");
            }
            if (intake is not null && processed >= intake.Ok)
            {
                allSeconds = now;
                break;
            }
        }
        intake ??= await sending;
        var storedEvents = await Database.SettledCountAsync(app.DatabasePath, storedSql, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) - storedBefore;

        var report = new ProcessingReport(DateTimeOffset.Now, options.String("commit", "unknown"), Machine.Describe(), count, senders, connections,
            intake, intakeSeconds, storedEvents, processedAtIntakeEnd, samples.Count > 0 ? samples[^1].Processed : 0, allSeconds, Resample(samples));
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"Results: {Reports.Write(outDirectory, "intake-processing", report)}");
        return report.AllAcknowledgedStored ? 0 : 3;
    }

    /// <summary>One sample per second for the JSON.</summary>
    private static List<Sample> Resample(List<Sample> samples) =>
        samples.GroupBy(s => (int)s.Seconds).Select(g => g.Last()).Append(samples.LastOrDefault() ?? new Sample(0, 0)).Distinct().ToList();
}

public sealed record Sample(double Seconds, long Processed);

public sealed record ProcessingReport(
    DateTimeOffset Date, string Commit, MachineInfo Machine, int Messages, int Senders, int Connections,
    SendResult Intake, double IntakeSeconds, long StoredEvents, long ProcessedAtIntakeEnd, long ProcessedAtEnd, double? AllProcessedSeconds,
    IReadOnlyList<Sample> Samples)
{
    public const double TargetMessagesPerSecond = 5000;

    public bool Complete => AllProcessedSeconds is not null && Intake.Count == Messages;

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

    public bool? TargetMet => MessagesPerSecond is { } rate ? rate >= TargetMessagesPerSecond : Complete ? null : false;

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Webhook processing, {Date:yyyy-MM-dd HH:mm}, commit {Commit}");
        md.AppendLine();
        md.AppendLine($"{Messages:N0} signed SMS webhooks from {Senders:N0} senders over {Connections} connections; {Machine.Processors} cores ({Machine.Cpu}), {Machine.Dotnet}.");
        md.AppendLine();
        md.AppendLine("| Intake s | Intake req/s | 2xx | Stored events | Messages at intake end | All messages after s | Messages/s | Backlog drain msg/s |");
        md.AppendLine("|---------:|-------------:|----:|--------------:|-----------------------:|---------------------:|-----------:|--------------------:|");
        md.AppendLine($"| {Intake.Seconds:N1} | {Intake.RequestsPerSecond:N0} | {Intake.Ok:N0} | {StoredEvents:N0} | {ProcessedAtIntakeEnd:N0} | " +
                      $"{(AllProcessedSeconds is { } s ? s.ToString("N1") : $"not all ({ProcessedAtEnd:N0})")} | {MessagesPerSecond?.ToString("N0") ?? "—"} | " +
                      $"{DrainMessagesPerSecond?.ToString("N0") ?? "—"} |");
        md.AppendLine();
        var verdict = TargetMet switch { true => "met", false => "**not met**", null => "not measured" };
        md.AppendLine($"Target ≥ {TargetMessagesPerSecond:N0} messages/s (first webhook to last message): {verdict}.");
        if (Intake.RequestsPerSecond < TargetMessagesPerSecond)
            md.AppendLine($"The intake itself took only {Intake.RequestsPerSecond:N0} req/s, which bounds the end-to-end rate; the drain rate shows the processor alone.");
        if (Intake.Non2xx + Intake.Errors > 0) md.AppendLine($"{Intake.Non2xx:N0} webhooks were refused and {Intake.Errors:N0} failed.");
        md.AppendLine(AllAcknowledgedStored ? $"Every acknowledged webhook was stored ({StoredEvents:N0} events)." : $"**{Intake.Ok - StoredEvents:N0} acknowledged webhooks are missing.**");
        return md.ToString();
    }
}
