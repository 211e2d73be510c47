using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnichat.IntakeBench;

/// <summary>One wrk run against one target. Latencies in milliseconds.</summary>
public sealed record RunResult(
    string Target, int Connections, double RequestsPerSecond, double? RatioToBare,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs,
    long Responses, long Ok, long Non2xx, long SocketErrors, long Sent, long Repeated, long? Stored, double? BacklogProcessedSeconds)
{
    public static RunResult From(string target, int connections, WrkSummary s, long? stored, double? backlogProcessedSeconds, double? bareRequestsPerSecond = null) =>
        new(target, connections, s.RequestsPerSecond, bareRequestsPerSecond is > 0 ? s.RequestsPerSecond / bareRequestsPerSecond : null,
            s.P50Us / 1000.0, s.P90Us / 1000.0, s.P99Us / 1000.0, s.P999Us / 1000.0, s.MaxUs / 1000.0,
            s.Responses, s.Ok, s.Non2xx, s.SocketErrors, s.Sent, s.Repeated, stored, backlogProcessedSeconds);

    /// <summary>Requests wrk had written but not seen answered when it stopped (an upper bound: it counts one trial request too).</summary>
    public long Unanswered => Math.Max(0, Sent - Responses);

    /// <summary>Acknowledged with a 2xx but not in the database: the one thing an intake must never do.</summary>
    public long? Missing => Stored is { } stored ? Math.Max(0, Ok - stored) : null;

    /// <summary>Stored beyond the 2xx count; fine up to <see cref="Unanswered"/>, whose answers wrk did not wait for.</summary>
    public long? Extra => Stored is { } stored ? Math.Max(0, stored - Ok) : null;

    public bool StoredMatches => Stored is null || (Missing == 0 && Extra <= Unanswered);

    [JsonIgnore]
    public string StoredCell => Stored switch
    {
        null => "—",
        _ when Missing > 0 => $"**{Missing:N0} MISSING** ({Stored:N0} stored)",
        _ when Extra == 0 => $"{Stored:N0} = 2xx",
        _ when Extra <= Unanswered => $"{Stored:N0} = 2xx + {Extra:N0} unanswered at stop",
        _ => $"**{Stored:N0}: {Extra:N0} more than answered or in flight**",
    } + (Repeated > 0 && Stored is not null ? $"; {Repeated:N0} repeated requests" : "");
}

public sealed record HalfPeakResult(int PeakConnections, ConstantRateResult Run, long Stored)
{
    public bool StoredMatches => Stored == Run.Ok;
}

public sealed record ThroughputSettings(int DurationSeconds, int[] Connections, int WrkThreads, int WarmupSeconds, int Senders);

public sealed record TargetCheck(string Check, string Measured, string Needed, bool? Met);

public sealed record MachineInfo(int Processors, string Cpu, string Os, string Dotnet, string Wrk);

public static class Machine
{
    public static MachineInfo Describe()
    {
        var cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        return new MachineInfo(Environment.ProcessorCount, cpu, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, WrkVersion());
    }

    private static string WrkVersion()
    {
        try
        {
            using var wrk = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var first = wrk.StandardOutput.ReadLine() ?? "";
            wrk.WaitForExit(5000);
            return first.Split(" Copyright")[0].Trim();
        }
        catch (Exception)
        {
            return "unknown";
        }
    }
}

public sealed record ThroughputReport(
    DateTimeOffset Date, string Commit, MachineInfo Machine, ThroughputSettings Settings, IReadOnlyList<RunResult> Runs, HalfPeakResult HalfPeak)
{
    public const double RatioTarget = 0.3;
    public const int RatioConnections = 32;
    public const double P99TargetMs = 25;

    public bool AllAcknowledgedStored => Runs.All(r => r.Missing is null or 0) && HalfPeak.Stored >= HalfPeak.Run.Ok;

    public IReadOnlyList<TargetCheck> Targets
    {
        get
        {
            var app32 = Runs.FirstOrDefault(r => r.Target == "app" && r.Connections == RatioConnections);
            var half = HalfPeak.Run;
            var halfClean = half.Non2xx == 0 && half.Errors == 0;
            var storedRuns = Runs.Where(r => r.Stored is not null).ToList();
            var missing = storedRuns.Sum(r => r.Missing ?? 0) + Math.Max(0, half.Ok - HalfPeak.Stored);
            return
            [
                new($"app ≥ {RatioTarget:0.0}× bare Kestrel at {RatioConnections} connections",
                    app32?.RatioToBare is { } ratio ? $"{ratio:0.000}× ({app32.RequestsPerSecond:N0} req/s)" : $"not measured ({RatioConnections} not in --connections)",
                    $"≥ {RatioTarget:0.00}×", app32?.RatioToBare is { } r ? r >= RatioTarget : null),
                new($"app p99 at half its peak rate ({half.TargetRate:N0} req/s, constant rate)",
                    $"{half.P99Ms:N1} ms{(halfClean ? "" : $" ({half.Non2xx + half.Errors:N0} failed)")}",
                    $"< {P99TargetMs:0} ms, all 2xx", half.P99Ms < P99TargetMs && halfClean),
                new("every acknowledged webhook stored (naive and app runs)",
                    missing == 0 ? "none missing" : $"{missing:N0} missing", "none missing", missing == 0),
            ];
        }
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Webhook intake, {Date:yyyy-MM-dd HH:mm}, commit {Commit}");
        md.AppendLine();
        md.AppendLine($"wrk -t{Settings.WrkThreads} -d{Settings.DurationSeconds}s per row, closed loop; {Machine.Processors} cores ({Machine.Cpu}), {Machine.Dotnet}.");
        md.AppendLine();
        md.AppendLine("| Target | Conns | Req/s | p50 ms | p99 ms | × bare | Non-2xx | Socket errors | Stored (InboundEvents) |");
        md.AppendLine("|--------|------:|------:|-------:|-------:|-------:|--------:|--------------:|------------------------|");
        foreach (var r in Runs.OrderBy(r => r.Connections).ThenBy(r => Array.IndexOf(["bare", "naive", "app"], r.Target)))
        {
            md.AppendLine($"| {r.Target} | {r.Connections} | {r.RequestsPerSecond:N0} | {r.P50Ms:N2} | {r.P99Ms:N2} | " +
                          $"{(r.RatioToBare is { } x ? x.ToString("0.000") : "1.000")} | {r.Non2xx:N0} | {r.SocketErrors:N0} | {r.StoredCell} |");
        }
        md.AppendLine();
        var h = HalfPeak.Run;
        md.AppendLine($"App at half its peak (peak at {HalfPeak.PeakConnections} connections): {h.TargetRate:N0} req/s at a constant rate, up to " +
                      $"{h.MaxConnections} connections, {h.WarmupSeconds} s warm-up then {h.DurationSeconds} s measured; latency from each request's " +
                      $"scheduled time: p50 {h.P50Ms:N2} ms, p90 {h.P90Ms:N2} ms, " +
                      $"p99 {h.P99Ms:N2} ms, max {h.MaxMs:N2} ms (the client's own dispatch lag at most {h.MaxDispatchLagMs:N1} ms); " +
                      $"{h.Ok:N0} of {h.Scheduled:N0} answered 2xx " +
                      $"({h.Non2xx:N0} other, {h.Errors:N0} errors); {HalfPeak.Stored:N0} stored" +
                      (HalfPeak.StoredMatches ? " = 2xx." : $" (≠ {h.Ok:N0} 2xx!)."));
        md.AppendLine();
        md.AppendLine("| Check | Measured | Needed | Met |");
        md.AppendLine("|-------|----------|--------|-----|");
        foreach (var t in Targets) md.AppendLine($"| {t.Check} | {t.Measured} | {t.Needed} | {t.Met switch { true => "yes", false => "**no**", null => "—" }} |");
        return md.ToString();
    }
}

public static class Reports
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <c>&lt;prefix&gt;-&lt;date&gt;.json</c>, adding -2, -3... rather than overwriting an earlier run of the same day.</summary>
    public static string Write<T>(string directory, string prefix, T report)
    {
        Directory.CreateDirectory(directory);
        var stem = $"{prefix}-{DateTime.Now:yyyy-MM-dd}";
        var path = Path.Combine(directory, stem + ".json");
        for (var n = 2; File.Exists(path); n++) path = Path.Combine(directory, $"{stem}-{n}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(report, Json) + "\n");
        return path;
    }
}
