using System.Text.Json;
using Omnichat.Blazor.Features.Channels.Meta;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <summary>Meta webhook bodies in the shapes of Meta's documented examples, for the simulated customer and the tests.</summary>
public static class MetaPayloads
{
    public static string NewMid() => "m_" + Guid.NewGuid().ToString("N");
    public static string NewWamid() => "wamid.HBgL" + Guid.NewGuid().ToString("N");

    public static string Json(object value) => JsonSerializer.Serialize(value);

    private static long NowMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private static string NowSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();

    /// <summary>A Messenger webhook for <paramref name="pageId"/> holding the given <c>messaging</c> items.</summary>
    public static string Messenger(string pageId, params object[] messaging) => Json(new
    {
        @object = MetaBatch.PageObject,
        entry = new[] { new { id = pageId, time = NowMilliseconds, messaging } },
    });

    public static object MessengerText(string pageId, string psid, string mid, string text) => new
    {
        sender = new { id = psid }, recipient = new { id = pageId }, timestamp = NowMilliseconds,
        message = new { mid, text },
    };

    public static object MessengerAttachment(string pageId, string psid, string mid, string type, string url) => new
    {
        sender = new { id = psid }, recipient = new { id = pageId }, timestamp = NowMilliseconds,
        message = new { mid, attachments = new[] { new { type, payload = new { url } } } },
    };

    public static object MessengerEcho(string pageId, string psid, string mid, string text) => new
    {
        sender = new { id = pageId }, recipient = new { id = psid }, timestamp = NowMilliseconds,
        message = new { is_echo = true, app_id = 1517776481860111, mid, text },
    };

    public static object MessengerDelivery(string pageId, string psid, DateTimeOffset watermark, string? mid = null) => new
    {
        sender = new { id = psid }, recipient = new { id = pageId },
        delivery = new { mids = new[] { mid ?? "mid.1458668856218:ed81099e15d3f4f233" }, watermark = watermark.ToUnixTimeMilliseconds() },
    };

    public static object MessengerRead(string pageId, string psid, DateTimeOffset watermark) => new
    {
        sender = new { id = psid }, recipient = new { id = pageId }, timestamp = watermark.ToUnixTimeMilliseconds(),
        read = new { watermark = watermark.ToUnixTimeMilliseconds() },
    };

    /// <summary>A WhatsApp Cloud API webhook for <paramref name="phoneNumberId"/>: one change holding messages and statuses.</summary>
    public static string WhatsApp(string phoneNumberId, object[]? messages = null, object[]? statuses = null, object[]? contacts = null) => Json(new
    {
        @object = MetaBatch.WhatsAppObject,
        entry = new[]
        {
            new
            {
                id = "102290129340398",
                changes = new[]
                {
                    new
                    {
                        field = "messages",
                        value = new Dictionary<string, object>
                        {
                            ["messaging_product"] = "whatsapp",
                            ["metadata"] = new { display_phone_number = "15550783881", phone_number_id = phoneNumberId },
                            ["contacts"] = contacts ?? [],
                            ["messages"] = messages ?? [],
                            ["statuses"] = statuses ?? [],
                        },
                    },
                },
            },
        },
    });

    public static object WhatsAppContact(string waId, string name) => new { profile = new { name }, wa_id = waId };

    public static object WhatsAppText(string from, string id, string body) => new { from, id, timestamp = NowSeconds, type = "text", text = new { body } };

    /// <summary>A message of <paramref name="type"/> (image, document, audio, video, sticker) carrying <paramref name="media"/>.</summary>
    public static object WhatsAppMedia(string from, string id, string type, object media) =>
        new Dictionary<string, object> { ["from"] = from, ["id"] = id, ["timestamp"] = NowSeconds, ["type"] = type, [type] = media };

    public static object WhatsAppStatus(string id, string status, string recipient, object[]? errors = null) =>
        errors is null
            ? new { id, status, timestamp = NowSeconds, recipient_id = recipient }
            : new { id, status, timestamp = NowSeconds, recipient_id = recipient, errors };
}
