using System.Security.Cryptography;
using Omnichat.Blazor.Features.Channels.Twilio;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <summary>Plays the customer's phone: sends signed Twilio webhooks into the console's real endpoints.</summary>
public sealed class CustomerPhone(IHttpClientFactory httpClients, PublicUrls urls, ChannelSecrets secrets, SimulatorPhones phones, ILogger<CustomerPhone> logger)
{
    /// <summary>Sends what the customer typed, exactly as Twilio would deliver it. Returns the console's HTTP status.</summary>
    public async Task<int> SendAsync(ChannelAccount account, string customer, string? profileName, string body, CancellationToken ct = default)
    {
        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = sid, ["SmsMessageSid"] = sid, ["SmsSid"] = sid, ["AccountSid"] = account.ProviderAccountId ?? "",
            ["From"] = TwilioInbound.Address(account.Kind, customer), ["To"] = TwilioInbound.Address(account.Kind, account.Address),
            ["Body"] = body, ["NumMedia"] = "0", ["NumSegments"] = "1", ["SmsStatus"] = "received", ["ApiVersion"] = "2010-04-01",
        };
        if (account.Kind == ChannelKind.WhatsApp)
        {
            fields["WaId"] = customer.TrimStart('+');
            if (!string.IsNullOrWhiteSpace(profileName)) fields["ProfileName"] = profileName;
        }
        phones.Record(account.Key, customer, new SimulatedMessage(true, body, DateTime.UtcNow, sid));
        return await PostSignedAsync(account, urls.TwilioWebhook(account.Key), fields, ct);
    }

    /// <summary>Reports sent, then delivered, to the status callback — in the background, as Twilio does.</summary>
    public void ReportDelivery(ChannelAccount account, string customer, string sid, string statusCallback)
    {
        _ = Task.Run(async () =>
        {
            foreach (var status in new[] { "sent", "delivered" })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300));
                phones.UpdateStatus(account.Key, customer, sid, status);
                if (string.IsNullOrEmpty(statusCallback)) continue;
                try
                {
                    await PostSignedAsync(account, statusCallback, new Dictionary<string, string>
                    {
                        ["MessageSid"] = sid, ["SmsSid"] = sid, ["MessageStatus"] = status, ["SmsStatus"] = status,
                        ["AccountSid"] = account.ProviderAccountId ?? "", ["To"] = TwilioInbound.Address(account.Kind, customer),
                    }, CancellationToken.None);
                }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning(ex, "The simulator could not deliver a status callback");
                }
            }
        });
    }

    /// <summary>Signs with the public URL (what the endpoint checks) but calls this process directly on loopback.</summary>
    private async Task<int> PostSignedAsync(ChannelAccount account, string publicUrl, Dictionary<string, string> fields, CancellationToken ct)
    {
        var local = new Uri(new Uri(urls.LocalBase), new Uri(publicUrl).PathAndQuery);
        using var request = new HttpRequestMessage(HttpMethod.Post, local) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Sign(secrets.Reveal(account), publicUrl, fields));
        using var response = await httpClients.CreateClient().SendAsync(request, ct);
        return (int)response.StatusCode;
    }
}
