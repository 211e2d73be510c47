using System.Text.Json;

namespace Omnichat.IntakeBench;

/// <summary>What wrk measured in one run, as the Lua script's done() wrote it. Latencies in microseconds.</summary>
public sealed record WrkSummary(
    long DurationUs, long Responses, long Bytes, long ConnectErrors, long ReadErrors, long WriteErrors, long Non2xx, long Timeouts,
    double MeanUs, long P50Us, long P90Us, long P99Us, long P999Us, long MaxUs, long Sent, long Repeated, long Available)
{
    public double Seconds => DurationUs / 1e6;
    public double RequestsPerSecond => Responses / Seconds;
    public long Ok => Responses - Non2xx;
    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}

/// <summary>Runs wrk (closed loop: each connection sends its next request when the previous one is answered) with intake.lua.</summary>
public sealed class Wrk(string luaScript, int threads, string logPath)
{
    public async Task<WrkSummary> RunAsync(string url, string requestsFile, int connections, int durationSeconds)
    {
        var resultPath = Path.Combine(Path.GetDirectoryName(logPath)!, $"wrk-{Guid.NewGuid():N}.json");
        var threadCount = Math.Min(threads, connections);
        await ChildProcess.RunAsync("wrk", "wrk",
            [$"-t{threadCount}", $"-c{connections}", $"-d{durationSeconds}s", "--latency", "--timeout", "30s", "-s", luaScript, url,
                "--", requestsFile, threadCount.ToString()],
            logPath, TimeSpan.FromSeconds(durationSeconds + 120),
            environment: new Dictionary<string, string> { ["INTAKE_WRK_RESULT"] = resultPath });
        var summary = JsonSerializer.Deserialize<WrkSummary>(await File.ReadAllTextAsync(resultPath), JsonSerializerOptions.Web)
                      ?? throw new InvalidOperationException($"wrk wrote no summary; see {logPath}");
        File.Delete(resultPath);
        return summary;
    }
}
