using System.Text.Json;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>
/// Cuts a verified Meta webhook into one update per message, receipt or status, each keyed by Meta's own id, so a
/// batch delivered again stores nothing new. Echoes of our own sends and events we do not show are left out.
/// </summary>
public static class MetaBatch
{
    public const string PageObject = "page";
    public const string WhatsAppObject = "whatsapp_business_account";

    /// <summary>The updates for <paramref name="account"/>; throws <see cref="JsonException"/> or <see cref="KeyNotFoundException"/> on a body that is not Meta's.</summary>
    /// <param name="skipped">Entries addressed to another page or number (one Meta app can serve several).</param>
    public static List<MetaUpdate> Split(ChannelAccount account, JsonElement root, out int skipped)
    {
        skipped = 0;
        var updates = new List<MetaUpdate>();
        var expected = account.Kind == ChannelKind.Facebook ? PageObject : WhatsAppObject;
        if (root.GetProperty("object").GetString() != expected) return updates;
        foreach (var entry in root.GetProperty("entry").EnumerateArray())
        {
            if (account.Kind == ChannelKind.Facebook) skipped += SplitMessenger(account, entry, updates);
            else skipped += SplitWhatsApp(account, entry, updates);
        }
        return updates;
    }

    /// <summary>The key of a Messenger receipt: it covers everything sent to the customer up to its watermark.</summary>
    public static string WatermarkKey(string customer, string receipt, long watermark) => $"{WatermarkPrefix(customer)}{receipt}:{watermark}";

    /// <summary>What the keys of every read or delivery watermark of one customer start with.</summary>
    public static string WatermarkPrefix(string customer) => $"watermark:{customer}:";

    private static int SplitMessenger(ChannelAccount account, JsonElement entry, List<MetaUpdate> updates)
    {
        if (entry.GetProperty("id").GetString() != account.Address) return 1;
        if (!entry.TryGetProperty("messaging", out var messaging)) return 0;
        foreach (var item in messaging.EnumerateArray())
        {
            var customer = item.GetProperty("sender").GetProperty("id").GetString()!;
            if (item.TryGetProperty("message", out var message))
            {
                if (message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True) continue;
                updates.Add(new(InboundEventKind.Message, message.GetProperty("mid").GetString()!, item.GetRawText()));
            }
            else
            {
                foreach (var receipt in (string[])["delivery", "read"])
                {
                    if (item.TryGetProperty(receipt, out var mark))
                        updates.Add(new(InboundEventKind.Status, WatermarkKey(customer, receipt, mark.GetProperty("watermark").GetInt64()), item.GetRawText()));
                }
            }
        }
        return 0;
    }

    private static int SplitWhatsApp(ChannelAccount account, JsonElement entry, List<MetaUpdate> updates)
    {
        var skipped = 0;
        foreach (var change in entry.GetProperty("changes").EnumerateArray())
        {
            if (change.GetProperty("field").GetString() != "messages") continue;
            var value = change.GetProperty("value");
            if (value.GetProperty("metadata").GetProperty("phone_number_id").GetString() != account.Address)
            {
                skipped++;
                continue;
            }
            if (value.TryGetProperty("messages", out var messages))
            {
                foreach (var message in messages.EnumerateArray())
                {
                    var contact = SenderContact(value, message.GetProperty("from").GetString());
                    var payload = $"{{\"contacts\":[{contact}],\"messages\":[{message.GetRawText()}]}}";
                    updates.Add(new(InboundEventKind.Message, message.GetProperty("id").GetString()!, payload));
                }
            }
            if (value.TryGetProperty("statuses", out var statuses))
            {
                foreach (var status in statuses.EnumerateArray())
                {
                    var key = InboundEvents.StatusKey(status.GetProperty("id").GetString()!, status.GetProperty("status").GetString()!);
                    updates.Add(new(InboundEventKind.Status, key, $"{{\"statuses\":[{status.GetRawText()}]}}"));
                }
            }
        }
        return skipped;
    }

    private static string SenderContact(JsonElement value, string? from)
    {
        if (!value.TryGetProperty("contacts", out var contacts)) return "";
        foreach (var contact in contacts.EnumerateArray())
        {
            if (contact.TryGetProperty("wa_id", out var waId) && waId.GetString() == from) return contact.GetRawText();
        }
        return "";
    }
}
