using System.Collections.Concurrent;

namespace Omnichat.Blazor.Features.Channels.Simulator;

public sealed record SimulatedMessage(bool FromCustomer, string Body, DateTime At, string Sid, string Status = "");

/// <summary>The simulated customers' phones: what each one sent and what the console sent to it. In memory only.</summary>
public sealed class SimulatorPhones
{
    private readonly ConcurrentDictionary<(string ChannelKey, string Customer), List<SimulatedMessage>> threads = new();

    /// <summary>Raised with the channel key and customer address whenever a thread changes.</summary>
    public event Action<string, string>? Changed;

    public IReadOnlyList<SimulatedMessage> Thread(string channelKey, string customer)
    {
        var thread = threads.GetOrAdd((channelKey, customer), _ => []);
        lock (thread) return [.. thread];
    }

    public void Record(string channelKey, string customer, SimulatedMessage message)
    {
        var thread = threads.GetOrAdd((channelKey, customer), _ => []);
        lock (thread) thread.Add(message);
        Changed?.Invoke(channelKey, customer);
    }

    public void UpdateStatus(string channelKey, string customer, string sid, string status)
    {
        var thread = threads.GetOrAdd((channelKey, customer), _ => []);
        lock (thread)
        {
            var index = thread.FindIndex(m => m.Sid == sid);
            if (index < 0) return;
            thread[index] = thread[index] with { Status = status };
        }
        Changed?.Invoke(channelKey, customer);
    }
}

/// <summary>Credentials for simulated Twilio accounts, shaped like real ones.</summary>
public static class SimulatedTwilioAccount
{
    public static string NewAccountSid() => "AC" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static string NewAuthToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
