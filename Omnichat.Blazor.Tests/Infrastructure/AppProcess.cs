using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// The console as its own process on a free loopback port, started the way an operator starts it, so tests can kill
/// it (SIGKILL), stop it (SIGTERM) and read its log.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly string AppDll = Path.Combine(AppContext.BaseDirectory, "Omnichat.Blazor.dll");

    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();

    public string BaseUrl { get; }
    public string DataDirectory { get; }

    /// <summary>Every line the process wrote to standard output and standard error so far.</summary>
    public IReadOnlyCollection<string> Log => log;

    private AppProcess(string dataDirectory, int port)
    {
        DataDirectory = dataDirectory;
        BaseUrl = $"http://127.0.0.1:{port}";
        process = Start(dataDirectory, ["--urls", BaseUrl], BaseUrl);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static async Task<AppProcess> StartAsync(string dataDirectory)
    {
        var app = new AppProcess(dataDirectory, FreePort());
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (app.process.HasExited) throw new InvalidOperationException("The console exited at start:\n" + string.Join('\n', app.Log));
            try
            {
                if ((await http.GetAsync(app.BaseUrl + "/healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException("The console did not answer /healthz:\n" + string.Join('\n', app.Log));
            await Task.Delay(100);
        }
    }

    /// <summary>Runs a command-line verb against <paramref name="dataDirectory"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string dataDirectory, string? standardInput, params string[] args)
    {
        using var verb = Start(dataDirectory, args, publicBaseUrl: null);
        if (standardInput is not null) await verb.StandardInput.WriteLineAsync(standardInput);
        verb.StandardInput.Close();
        var output = verb.StandardOutput.ReadToEndAsync();
        var errors = verb.StandardError.ReadToEndAsync();
        await verb.WaitForExitAsync();
        return (verb.ExitCode, await output + await errors);
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or the out-of-memory killer.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (SendSignal(process.Id, SigTerm) != 0) throw new InvalidOperationException("SIGTERM could not be sent.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    private static Process Start(string dataDirectory, string[] args, string? publicBaseUrl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Omnichat__DataDirectory"] = dataDirectory,
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        if (publicBaseUrl is not null) start.Environment["Omnichat__PublicBaseUrl"] = publicBaseUrl;
        start.ArgumentList.Add(AppDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
