using System.Collections.Concurrent;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <param name="FileName">The name of a file the message carries, shown on the phone.</param>
public sealed record SimulatedMessage(bool FromCustomer, string Body, DateTime At, string Sid, string Status = "", string? FileName = null);

/// <summary>A file the simulated customer sent, served to the console the way Meta serves media.</summary>
public sealed record SimulatedFile(string Name, string ContentType, byte[] Content);

/// <summary>The simulated customers' phones: what each one sent and what the console sent to it. In memory only.</summary>
public sealed class SimulatorPhones(ILogger<SimulatorPhones> logger)
{
    private readonly ConcurrentDictionary<(string ChannelKey, string Customer), List<SimulatedMessage>> threads = new();
    private readonly Broadcast<(string ChannelKey, string Customer)> changed = new(logger);
    private readonly ConcurrentDictionary<string, SimulatedFile> files = new();

    /// <summary>Hears the channel key and customer address whenever a thread changes.</summary>
    public IDisposable Subscribe(Action<(string ChannelKey, string Customer)> handler) => changed.Subscribe(handler);

    public IReadOnlyList<SimulatedMessage> Thread(string channelKey, string customer)
    {
        var thread = threads.GetOrAdd((channelKey, customer), _ => []);
        lock (thread) return [.. thread];
    }

    public void Record(string channelKey, string customer, SimulatedMessage message)
    {
        var thread = threads.GetOrAdd((channelKey, customer), _ => []);
        lock (thread) thread.Add(message);
        Changed(channelKey, customer);
    }

    /// <summary>Keeps a file the customer sent under a new random id, which is all its download address needs.</summary>
    public string AddFile(SimulatedFile file)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        files[id] = file;
        return id;
    }

    public SimulatedFile? File(string id) => files.GetValueOrDefault(id);

    public void UpdateStatus(string channelKey, string customer, string sid, string status)
    {
        var thread = threads.GetOrAdd((channelKey, customer), _ => []);
        lock (thread)
        {
            var index = thread.FindIndex(m => m.Sid == sid);
            if (index < 0) return;
            thread[index] = thread[index] with { Status = status };
        }
        Changed(channelKey, customer);
    }

    // Every subscriber is an action (see Subscribe), so all have run when this returns.
    private void Changed(string channelKey, string customer) => _ = changed.PublishAsync((channelKey, customer));
}

/// <summary>Credentials for simulated Twilio accounts, shaped like real ones.</summary>
public static class SimulatedTwilioAccount
{
    public static string NewAccountSid() => "AC" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static string NewAuthToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
