using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Omnichat.IntakeBench;

/// <summary>
/// Latency and outcome of a constant-rate run. Latency counts from when a request was due, not from when it went out,
/// and leaves out the warm-up; the counts of answers (Scheduled, Ok, Non2xx, Errors) include it.
/// AchievedRate: answers per second from the first scheduled send to the last answer (below the target rate by the
/// slowest answer's tail). MaxDispatchLagMs: how late the client itself was at worst in sending a request.
/// </summary>
public sealed record ConstantRateResult(
    double TargetRate, int DurationSeconds, int WarmupSeconds, int MaxConnections, long Scheduled, long Ok, long Non2xx, long Errors,
    double AchievedRate, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MaxDispatchLagMs);

public sealed record SendResult(long Count, long Ok, long Non2xx, long Errors, double Seconds)
{
    public double RequestsPerSecond => Count / Seconds;
}

/// <summary>HTTP load from this process, for what wrk cannot do: a constant request rate, and an exact number of requests.</summary>
public sealed class HttpLoad(TwilioRequests requests, string targetUrl)
{
    private static readonly MediaTypeHeaderValue FormType = new("application/x-www-form-urlencoded");

    public sealed record Prepared(byte[] Body, string Signature);

    /// <summary>Signs every request before the clock starts, so signing costs the measurement nothing.</summary>
    public Prepared[] Prepare(ulong ns, long count)
    {
        var prepared = new Prepared[count];
        Parallel.For(0, count, i =>
        {
            var (body, signature) = requests.Build(ns, i);
            prepared[i] = new Prepared(Encoding.UTF8.GetBytes(body), signature);
        });
        return prepared;
    }

    private static HttpClient Client(int maxConnections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    private async Task<int> SendAsync(HttpClient http, Prepared request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, targetUrl) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.ContentType = FormType;
        message.Headers.TryAddWithoutValidation(TwilioRequests.SignatureHeader, request.Signature);
        message.Headers.TryAddWithoutValidation("User-Agent", "TwilioProxy/1.1");
        using var response = await http.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>
    /// Open loop at <paramref name="rate"/> requests per second: request i is due at start + i/rate and is sent then,
    /// whether or not earlier ones were answered (up to <paramref name="maxConnections"/> at once; beyond that they wait
    /// for a connection, and that wait is part of their latency). Measuring from the due time rather than the send time
    /// keeps a stalled server from hiding its stall (coordinated omission, as wrk2 corrects for it). The first
    /// <paramref name="warmupSeconds"/> at the same rate open the connections and warm the client up; they count in the
    /// answers but not in the latencies.
    /// </summary>
    /// <param name="sending">Called with each request's index just before it goes out (for a caller that times what follows it).</param>
    public async Task<ConstantRateResult> ConstantRateAsync(double rate, int durationSeconds, int maxConnections, int warmupSeconds = 1,
        Action<long>? sending = null)
    {
        var warmup = (long)Math.Round(rate * warmupSeconds);
        var count = warmup + Math.Max(1, (long)Math.Round(rate * durationSeconds));
        var prepared = Prepare(TwilioRequests.NewNamespace(), count);
        using var http = Client(maxConnections);
        var latencies = new long[count];
        var statuses = new int[count];
        var tasks = new Task[count];
        var ticksPerRequest = Stopwatch.Frequency / rate;
        long maxLag = 0;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;

        async Task Fire(long i, long due)
        {
            try
            {
                sending?.Invoke(i);
                statuses[i] = await SendAsync(http, prepared[i]);
            }
            catch (Exception)
            {
                statuses[i] = -1;
            }
            latencies[i] = Stopwatch.GetTimestamp() - due;
        }

        // A thread of its own: timer-based waits on the thread pool would drift under load. Sleeping in 1 ms steps
        // instead of spinning leaves the two cores to the server; the lag is reported and counted in the latency
        // (on a busy two-core machine the scheduler alone can hold this thread back for tens of milliseconds).
        var dispatcher = new Thread(() =>
        {
            for (long i = 0; i < count; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                if (i >= warmup) maxLag = Math.Max(maxLag, Stopwatch.GetTimestamp() - due);
                // Sending starts on the pool, so a connection being opened synchronously cannot hold up the schedule.
                var index = i;
                tasks[i] = Task.Run(() => Fire(index, due));
            }
        }) { IsBackground = true, Name = "constant-rate dispatcher" };
        dispatcher.Start();
        dispatcher.Join();
        await Task.WhenAll(tasks);
        var end = Stopwatch.GetTimestamp();

        var measuredStart = start + (long)(warmup * ticksPerRequest);
        var answered = statuses.Skip((int)warmup).Count(s => s > 0);
        var sorted = latencies.Where((_, i) => i >= warmup && statuses[i] > 0).Order().ToArray();
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : Ms(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)]);
        return new ConstantRateResult(rate, durationSeconds, warmupSeconds, maxConnections, count,
            Ok: statuses.Count(s => s is >= 200 and < 300), Non2xx: statuses.Count(s => s > 0 && (s < 200 || s >= 300)), Errors: statuses.Count(s => s < 0),
            AchievedRate: answered / ((end - measuredStart) / (double)Stopwatch.Frequency),
            Percentile(50), Percentile(90), Percentile(99), Percentile(99.9), sorted.Length == 0 ? double.NaN : Ms(sorted[^1]), Ms(maxLag));
    }

    /// <summary>Closed loop: every prepared request once, <paramref name="connections"/> in flight at a time; stops early when cancelled.</summary>
    public async Task<SendResult> SendAllAsync(Prepared[] batch, int connections, CancellationToken ct = default)
    {
        using var http = Client(connections);
        long next = -1, ok = 0, non2xx = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await Task.Yield();
            for (var i = Interlocked.Increment(ref next); i < batch.Length && !ct.IsCancellationRequested; i = Interlocked.Increment(ref next))
            {
                try
                {
                    var status = await SendAsync(http, batch[i]);
                    if (status is >= 200 and < 300) Interlocked.Increment(ref ok);
                    else Interlocked.Increment(ref non2xx);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return new SendResult(ok + non2xx + errors, ok, non2xx, errors, clock.Elapsed.TotalSeconds);
    }
}
