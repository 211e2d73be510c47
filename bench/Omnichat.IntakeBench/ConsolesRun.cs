using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Omnichat.IntakeBench;

/// <summary>
/// Live updates with many consoles open: agents of one queue that already holds thousands of conversations keep N
/// consoles open in headless Chromium while new customers write through the signed Twilio webhook at a constant rate.
/// For each N it measures, in one observed console, the time from a webhook being sent to its conversation appearing on
/// screen (a MutationObserver in the page notes when each sender's number is first added to the DOM), and the server's
/// memory per console: resident memory and the managed heap after a full collection, each as the growth since the
/// first console divided by the consoles added. The run with one console is the reference in the same run.
/// </summary>
public static partial class ConsolesRun
{
    public const double P99TargetMs = 150;
    public const double KilobytesPerConsoleTarget = 500;

    private const string SenderNumber = """\+316\d{8}""";

    // Notes, per sender number, when it first enters the page: as added nodes, or as changed text where a row's
    // elements are reused for another conversation.
    private const string ObserverScript =
        """
        () => {
          window.__seen = new Map();
          const pattern = /\+316\d{8}/g;
          const note = text => {
            if (!text) return;
            const now = performance.timeOrigin + performance.now();
            for (const m of text.matchAll(pattern)) if (!window.__seen.has(m[0])) window.__seen.set(m[0], now);
          };
          new MutationObserver(records => {
            for (const r of records) {
              if (r.type === 'characterData') note(r.target.data);
              else for (const n of r.addedNodes) note(n.textContent);
            }
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    private sealed record Settings(
        string PublishDirectory, string Work, int[] Consoles, int Conversations, int Agents, double Rate, int DurationSeconds,
        string Chromium, string GcDump, Action<string> Say);

    public static async Task<int> RunAsync(Options options)
    {
        var work = Path.GetFullPath(options.Required("work"));
        Directory.CreateDirectory(work);
        var consoles = options.Ints("consoles", [10, 30, 100]);
        var s = new Settings(
            options.Required("app"), work, [1, .. consoles.Where(n => n > 1).Order()], options.Int("conversations", 10_000),
            options.Int("agents", 10), options.Int("rate", 50), options.Int("duration", 20),
            options.String("chromium", Environment.GetEnvironmentVariable("OMNICHAT_CHROMIUM") ?? "/usr/bin/chromium"),
            options.String("gcdump", "dotnet-gcdump"),
            line => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));

        var dataDirectory = Path.Combine(work, "consoles-data");
        s.Say($"Setting up the app in {dataDirectory} with {s.Agents} agents in one queue");
        await using var app = await OmnichatApp.SetUpAsync(s.PublishDirectory, dataDirectory, Path.Combine(work, "omnichat-consoles.log"), s.Agents);
        var seed = new TwilioRequests(app.WebhookUrl, app.AuthToken, app.AccountSid, app.ChannelAddress, s.Conversations);
        StoredBacklog.Write(app.DatabasePath, OmnichatApp.ChannelKey, seed, TwilioRequests.NewNamespace(), s.Conversations);
        await app.StartAsync();
        // With --pin yes the server gets a core of its own, as on a server with the agents' browsers elsewhere, and this
        // process, the browsers it starts and the load share the other: it shows which side falls behind.
        var pinned = Environment.ProcessorCount >= 2 && options.String("pin", "no") == "yes";
        if (pinned)
        {
            await PinAsync(app.ProcessId, "0");
            await PinAsync(Environment.ProcessId, $"1-{Environment.ProcessorCount - 1}");
        }
        await WaitForConversationsAsync(app, s.Conversations, s.Say);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = s.Chromium,
            Headless = true,
            // Every console is a tab someone looks at: none may be throttled as if it were in the background.
            Args = ["--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        var agents = new List<IBrowserContext>();
        foreach (var email in app.AgentEmails) agents.Add(await SignedInContextAsync(browser, app, email));

        var pages = new List<IPage>();
        var steps = new List<ConsolesStep>();
        MemorySample? first = null;
        long nextSender = s.Conversations;
        foreach (var n in s.Consoles)
        {
            s.Say($"{n} console(s): opening {n - pages.Count} more");
            while (pages.Count < n) pages.Add(await OpenConsoleAsync(agents[pages.Count % agents.Count], app));
            // Tall enough for a second of new conversations at the top: one pushed below the fold before it was drawn
            // would never be drawn, which says nothing about how fast it arrived.
            if (pages.Count == 1) await pages[0].SetViewportSizeAsync(1280, 2400);
            if (pages.Count == 1) await pages[0].EvaluateAsync(ObserverScript);

            await Task.Delay(TimeSpan.FromSeconds(5)); // let the consoles' first renders and the GC settle
            var memory = await MeasureMemoryAsync(app.ProcessId, s.GcDump, Path.Combine(work, $"heap-{n}-consoles.txt"));
            first ??= memory;
            s.Say($"      server: {memory.RssBytes / 1048576.0:N1} MB resident, {memory.ManagedHeapBytes / 1048576.0:N1} MB managed heap");

            var latency = await MeasureLatencyAsync(app, pages[0], s, nextSender);
            nextSender += latency.Sent + (long)s.Rate;
            s.Say($"      webhook → visible: p50 {latency.P50Ms:N0} ms, p99 {latency.P99Ms:N0} ms, {latency.NotShown} of {latency.Sent} not shown");

            steps.Add(new ConsolesStep(n, memory, PerConsole(first, memory, n, m => m.RssBytes), PerConsole(first, memory, n, m => m.ManagedHeapBytes),
                latency));
        }

        var report = new ConsolesReport(DateTimeOffset.Now, options.String("commit", "unknown"), Machine.Describe(), s.Conversations, s.Agents, s.Rate,
            s.DurationSeconds, pinned, steps);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"Results: {Reports.Write(options.String("out", Path.Combine("bench", "results")), "consoles", report)}");
        return 0;
    }

    /// <summary>Sets the CPU affinity of every thread of a process (taskset, from util-linux); threads it starts later inherit it.</summary>
    private static async Task PinAsync(int pid, string cpus)
    {
        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-a", "-p", "-c", cpus, pid.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start taskset.");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"taskset -a -p -c {cpus} {pid} failed: {errors}");
    }

    private static double? PerConsole(MemorySample first, MemorySample now, int consoles, Func<MemorySample, long> bytes) =>
        consoles > 1 ? (bytes(now) - bytes(first)) / 1024.0 / (consoles - 1) : null;

    private static async Task WaitForConversationsAsync(OmnichatApp app, int count, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        while (Database.Count(app.DatabasePath, "SELECT COUNT(*) FROM Conversations", readOnly: true) < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"The {count:N0} seeded conversations were not all there after 5 minutes.");
            await Task.Delay(200);
        }
        say($"      {count:N0} conversations in the queue after {clock.Elapsed.TotalSeconds:N1} s");
    }

    /// <summary>Signs in once per agent; the agent's consoles are tabs of that browser profile, sharing the cookie.</summary>
    private static async Task<IBrowserContext> SignedInContextAsync(IBrowser browser, OmnichatApp app, string email)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/Account/Login");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(app.AgentPassword);
        await page.Locator("button[type='submit']").First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid='signed-in-user']", new() { Timeout = 60_000 });
        await page.CloseAsync();
        return context;
    }

    /// <summary>A console tab, counted as open once its circuit is live and its inbox shows rows.</summary>
    private static async Task<IPage> OpenConsoleAsync(IBrowserContext agent, OmnichatApp app)
    {
        var page = await agent.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await page.WaitForSelectorAsync("[data-testid='console-live']", new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        await page.WaitForSelectorAsync("[data-testid='inbox-item']", new() { Timeout = 120_000 });
        return page;
    }

    /// <param name="reportPath">Where the heap report by type is kept, to see what a console costs.</param>
    private static async Task<MemorySample> MeasureMemoryAsync(int pid, string gcDump, string reportPath)
    {
        // Taken first: collecting the heap report forces a full collection, and resident memory is what the
        // operating system sees the process holding, collection or not.
        var rss = ResidentBytes(pid);
        var heap = await ManagedHeapBytesAsync(pid, gcDump, reportPath);
        return new MemorySample(rss, heap);
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The live managed heap after a full, blocking collection, as dotnet-gcdump reports it: the sum of its type sizes.</summary>
    private static async Task<long> ManagedHeapBytesAsync(int pid, string gcDump, string reportPath)
    {
        var info = new ProcessStartInfo(gcDump) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "report", "-p", pid.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {gcDump}.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{gcDump} report failed: {errors}{output}");
        await File.WriteAllTextAsync(reportPath, output);
        // Lines: "  12,345,678  GC Heap bytes" then per type "   1,234  12  System.String"; the total line names the heap.
        var total = HeapTotal().Match(output);
        if (!total.Success) throw new InvalidOperationException($"No heap total in the {gcDump} report:\n{output[..Math.Min(output.Length, 2000)]}");
        return long.Parse(total.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapTotal();

    /// <summary>New customers write at the constant rate; each one's number is a new conversation at the top of every inbox.</summary>
    private static async Task<LatencyResult> MeasureLatencyAsync(OmnichatApp app, IPage observed, Settings s, long firstSender)
    {
        await observed.EvaluateAsync("() => window.__seen.clear()");
        var requests = new TwilioRequests(app.WebhookUrl, app.AuthToken, app.AccountSid, app.ChannelAddress, 100_000_000, firstSender);
        const int warmupSeconds = 1;
        var count = (int)Math.Round(s.Rate * (warmupSeconds + s.DurationSeconds));
        var sentAt = new double[count + (int)s.Rate];
        var load = await new HttpLoad(requests, app.WebhookUrl).ConstantRateAsync(s.Rate, s.DurationSeconds, 32, warmupSeconds,
            sending: i => sentAt[i] = DateTime.UtcNow.Subtract(DateTime.UnixEpoch).TotalMilliseconds);
        var warmup = (int)Math.Round(s.Rate * warmupSeconds);
        var measured = (int)load.Scheduled - warmup;

        // The last ones get a few seconds to arrive; a conversation still not shown then counts as not shown.
        Dictionary<string, double> seen = [];
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            seen = await observed.EvaluateAsync<Dictionary<string, double>>("() => Object.fromEntries(window.__seen)");
            if (Enumerable.Range(warmup, measured).All(i => seen.ContainsKey(requests.From(i)))) break;
            await Task.Delay(250);
        }
        var latencies = Enumerable.Range(warmup, measured)
            .Where(i => seen.ContainsKey(requests.From(i)))
            .Select(i => seen[requests.From(i)] - sentAt[i])
            .Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p / 100 * latencies.Length) - 1)];
        return new LatencyResult(measured, load.Ok - warmup, measured - latencies.Length, Percentile(50), Percentile(90), Percentile(99),
            latencies.Length == 0 ? double.NaN : latencies[^1], load.P99Ms);
    }
}

public sealed record MemorySample(long RssBytes, long ManagedHeapBytes);

/// <summary>Webhook sent → its conversation on screen in the observed console, in milliseconds; and the webhooks' own p99.</summary>
public sealed record LatencyResult(int Sent, long Acknowledged, int NotShown, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double WebhookP99Ms);

public sealed record ConsolesStep(int Consoles, MemorySample Memory, double? RssKbPerConsole, double? HeapKbPerConsole, LatencyResult Latency);

public sealed record ConsolesReport(
    DateTimeOffset Date, string Commit, MachineInfo Machine, int Conversations, int Agents, double Rate, int DurationSeconds, bool ServerPinned,
    IReadOnlyList<ConsolesStep> Steps)
{
    public IReadOnlyList<TargetCheck> Targets
    {
        get
        {
            var most = Steps.MaxBy(s => s.Consoles)!;
            return
            [
                new($"webhook → visible p99 at {most.Consoles} consoles", $"{most.Latency.P99Ms:N0} ms", $"< {ConsolesRun.P99TargetMs:0} ms",
                    most.Latency.P99Ms < ConsolesRun.P99TargetMs && most.Latency.NotShown == 0),
                new("server memory per console (resident)", $"{most.RssKbPerConsole:N0} KB", $"< {ConsolesRun.KilobytesPerConsoleTarget:0} KB",
                    most.RssKbPerConsole < ConsolesRun.KilobytesPerConsoleTarget),
                new("server memory per console (managed heap after a full collection)", $"{most.HeapKbPerConsole:N0} KB",
                    $"< {ConsolesRun.KilobytesPerConsoleTarget:0} KB", most.HeapKbPerConsole < ConsolesRun.KilobytesPerConsoleTarget),
            ];
        }
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Live updates with many consoles, {Date:yyyy-MM-dd HH:mm}, commit {Commit}");
        md.AppendLine();
        md.AppendLine($"{Agents} agents of one queue with {Conversations:N0} conversations; new customers write at {Rate:N0}/s for {DurationSeconds} s per row; " +
                      $"{Machine.Processors} cores ({Machine.Cpu}), {Machine.Dotnet}; " +
                      (ServerPinned ? "the server on core 0, the browsers and the load on the other core(s)." : "the server, the browsers and the load on the same cores."));
        md.AppendLine();
        md.AppendLine("| Consoles | p50 ms | p90 ms | p99 ms | max ms | not shown | webhook p99 ms | resident MB | heap MB | KB/console resident | KB/console heap |");
        md.AppendLine("|---------:|-------:|-------:|-------:|-------:|----------:|---------------:|------------:|--------:|--------------------:|----------------:|");
        foreach (var s in Steps)
        {
            var l = s.Latency;
            md.AppendLine($"| {s.Consoles} | {l.P50Ms:N0} | {l.P90Ms:N0} | {l.P99Ms:N0} | {l.MaxMs:N0} | {l.NotShown} of {l.Sent} | {l.WebhookP99Ms:N1} | " +
                          $"{s.Memory.RssBytes / 1048576.0:N1} | {s.Memory.ManagedHeapBytes / 1048576.0:N1} | " +
                          $"{(s.RssKbPerConsole is { } r ? r.ToString("N0") : "—")} | {(s.HeapKbPerConsole is { } h ? h.ToString("N0") : "—")} |");
        }
        md.AppendLine();
        md.AppendLine("| Check | Measured | Needed | Met |");
        md.AppendLine("|-------|----------|--------|-----|");
        foreach (var t in Targets) md.AppendLine($"| {t.Check} | {t.Measured} | {t.Needed} | {t.Met switch { true => "yes", false => "**no**", null => "—" }} |");
        return md.ToString();
    }
}
