using System.Globalization;
using Omnichat.IntakeBench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

const string usage = """
    Webhook-intake benchmark (normally started by bench/intake.sh, which builds and publishes first).

      run         --app DIR --work DIR [--duration 8] [--connections 8,32,128] [--threads 2] [--warmup 2]
                  [--senders 5000] [--out bench/results] [--commit ID]
                  Throughput: bare Kestrel, the naive reference and the app at each connection count (wrk),
                  then the app at half its peak rate (constant rate), and a check that every 2xx was stored.
      processing  --app DIR --work DIR [--messages 100000] [--senders 5000] [--connections 32] [--timeout 900]
                  [--end-to-end yes|no] [--out bench/results] [--commit ID]
                  Processing: writes the events straight into the app's database before starting it and times until
                  every one is a message (the processor alone); then, unless --end-to-end no, sends them as webhooks
                  over HTTP to a fresh app and times until every message exists (end to end).
      consoles    --app DIR --work DIR [--consoles 10,30,100] [--conversations 10000] [--agents 10] [--rate 50]
                  [--duration 20] [--pin yes|no] [--chromium PATH] [--gcdump PATH] [--out bench/results] [--commit ID]
                  Live updates: agents of one queue keep N consoles open in headless Chromium while new customers write
                  at a constant rate; webhook → visible latency in one console and server memory per console, per N.
      rate        --url URL --rate R [--duration 8] [--connections 128]
                  The constant-rate client alone, with a throwaway signing key: against `bare`, it shows the
                  latency floor of the client and the machine.
      bare        --port P                                 the bare Kestrel reference server
      naive       --port P --db FILE --public-url URL      the naive reference server (auth token on stdin)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 1 : 0;
}

var options = Options.Parse(args.Skip(1));
try
{
    return args[0] switch
    {
        "bare" => await ReferenceServers.RunBareAsync(options.Int("port")),
        "naive" => await ReferenceServers.RunNaiveAsync(options.Int("port"), options.Required("db"),
            (await Console.In.ReadLineAsync())?.Trim() ?? throw new ArgumentException("naive reads the auth token from standard input."),
            options.Required("public-url")),
        "run" => await ThroughputRun.RunAsync(options),
        "rate" => await RateAsync(options),
        "processing" => await ProcessingRun.RunAsync(options),
        "consoles" => await ConsolesRun.RunAsync(options),
        _ => throw new ArgumentException($"Unknown command {args[0]}.\n{usage}"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or Microsoft.Playwright.PlaywrightException)
{
    Console.Error.WriteLine($"Stopped: {e.Message}");
    return 2;
}

static async Task<int> RateAsync(Options options)
{
    var url = options.Required("url");
    var requests = new TwilioRequests(url, "throwaway", "AC" + new string('0', 32), "+31200000000", 5000);
    var result = await new HttpLoad(requests, url).ConstantRateAsync(
        double.Parse(options.Required("rate"), CultureInfo.InvariantCulture), options.Int("duration", 8), options.Int("connections", 128));
    Console.WriteLine(result);
    return 0;
}

namespace Omnichat.IntakeBench
{
    /// <summary><c>--name value</c> pairs.</summary>
    public sealed class Options
    {
        private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            using var e = args.GetEnumerator();
            while (e.MoveNext())
            {
                if (!e.Current.StartsWith("--")) throw new ArgumentException($"Expected an option, got {e.Current}.");
                var name = e.Current[2..];
                if (!e.MoveNext()) throw new ArgumentException($"--{name} needs a value.");
                options.values[name] = e.Current;
            }
            return options;
        }

        public string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        public int Int(string name, int? fallback = null) =>
            values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"--{name} is required.");
        public int[] Ints(string name, int[] fallback) =>
            values.TryGetValue(name, out var v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray() : fallback;
    }
}
