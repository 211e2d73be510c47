using System.Security.Cryptography;
using System.Text;
using Omnichat.Blazor.Features.Channels.Meta;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <summary>
/// Plays a Messenger user or a WhatsApp Cloud API user: posts webhooks signed with the channel's app secret into the
/// console's real Meta endpoint, as Meta would deliver them.
/// </summary>
public sealed class MetaCustomerPhone(IHttpClientFactory httpClients, PublicUrls urls, ChannelSecrets secrets, SimulatorPhones phones,
    ILogger<MetaCustomerPhone> logger)
{
    /// <summary>The Messenger user the simulator plays first; the demo's Facebook chat is with this user, so its replies show here.</summary>
    public const string DefaultMessengerUser = "7100000000000001";

    /// <summary>WhatsApp shows these as pictures; other files arrive as documents.</summary>
    private static readonly string[] WhatsAppImageTypes = ["image/jpeg", "image/png"];

    /// <summary>Sends what the customer typed and attached. Returns the console's HTTP status.</summary>
    public async Task<int> SendAsync(ChannelAccount account, string customer, string? profileName, string text, SimulatedFile? file = null,
        CancellationToken ct = default)
    {
        var messenger = account.Kind == ChannelKind.Facebook;
        var id = messenger ? MetaPayloads.NewMid() : MetaPayloads.NewWamid();
        var fileId = file is null ? null : phones.AddFile(file);
        var body = messenger ? Messenger(account, customer, id, text, file, fileId) : WhatsApp(account, customer, profileName, id, text, file, fileId);
        phones.Record(account.Key, customer, new SimulatedMessage(true, text, DateTime.UtcNow, id, FileName: file?.Name));
        return await PostAsync(account, body, ct);
    }

    /// <summary>Reports the reply sent (WhatsApp only: Messenger has no such receipt), delivered and read, in the background as Meta does.</summary>
    public void ReportReceipts(ChannelAccount account, string customer, string id)
    {
        _ = Task.Run(async () =>
        {
            foreach (var status in new[] { "sent", "delivered", "read" })
            {
                // Long enough for the outbox to record the message id first: a Messenger watermark only moves messages it knows were sent.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                phones.UpdateStatus(account.Key, customer, id, status);
                if (Receipt(account, customer, id, status) is not { } body) continue;
                try
                {
                    await PostAsync(account, body, CancellationToken.None);
                }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning(ex, "The simulator could not deliver a Meta receipt");
                }
            }
        });
    }

    private string Messenger(ChannelAccount account, string psid, string mid, string text, SimulatedFile? file, string? fileId)
    {
        // Messenger delivers a file and the text typed with it as two messages.
        var items = new List<object>();
        if (file is not null)
            items.Add(MetaPayloads.MessengerAttachment(account.Address, psid, mid, file.ContentType.StartsWith("image/") ? "image" : "file",
                MetaSimulatorApi.FileUrl(urls, fileId!, file.Name)));
        if (text.Length > 0) items.Add(MetaPayloads.MessengerText(account.Address, psid, items.Count == 0 ? mid : MetaPayloads.NewMid(), text));
        return MetaPayloads.Messenger(account.Address, [.. items]);
    }

    private static string WhatsApp(ChannelAccount account, string customer, string? profileName, string wamid, string text, SimulatedFile? file, string? fileId)
    {
        var from = customer.TrimStart('+');
        object message = MetaPayloads.WhatsAppText(from, wamid, text);
        if (file is not null)
        {
            var type = WhatsAppImageTypes.Contains(file.ContentType) ? "image" : "document";
            var media = new Dictionary<string, object>
            {
                ["id"] = fileId!, ["mime_type"] = file.ContentType, ["sha256"] = Convert.ToBase64String(SHA256.HashData(file.Content)),
            };
            if (type == "document") media["filename"] = file.Name;
            if (text.Length > 0) media["caption"] = text;
            message = MetaPayloads.WhatsAppMedia(from, wamid, type, media);
        }
        return MetaPayloads.WhatsApp(account.Address, [message], contacts: [MetaPayloads.WhatsAppContact(from, profileName is { Length: > 0 } ? profileName : from)]);
    }

    private static string? Receipt(ChannelAccount account, string customer, string id, string status) => (account.Kind, status) switch
    {
        (ChannelKind.WhatsApp, _) => MetaPayloads.WhatsApp(account.Address, statuses: [MetaPayloads.WhatsAppStatus(id, status, customer.TrimStart('+'))]),
        (_, "delivered") => MetaPayloads.Messenger(account.Address, MetaPayloads.MessengerDelivery(account.Address, customer, DateTimeOffset.UtcNow, id)),
        (_, "read") => MetaPayloads.Messenger(account.Address, MetaPayloads.MessengerRead(account.Address, customer, DateTimeOffset.UtcNow)),
        _ => null,
    };

    /// <summary>Meta signs the body only, so the simulator calls this process directly on loopback.</summary>
    private async Task<int> PostAsync(ChannelAccount account, string body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var local = new Uri(new Uri(urls.LocalBase), new Uri(urls.MetaWebhook(account.Key)).PathAndQuery);
        using var request = new HttpRequestMessage(HttpMethod.Post, local) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(MetaSignature.Header, MetaSignature.Sign(secrets.RevealAppSecret(account), bytes));
        using var response = await httpClients.CreateClient().SendAsync(request, ct);
        return (int)response.StatusCode;
    }
}
