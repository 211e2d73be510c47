using System.Security.Cryptography;
using System.Text;

namespace Omnichat.IntakeBench;

/// <summary>
/// Incoming-SMS webhooks as Twilio sends them: form fields plus <c>X-Twilio-Signature</c>, an HMAC-SHA1 (keyed with the
/// auth token) over the URL followed by every field name and value sorted by name. Written here from Twilio's published
/// scheme rather than borrowed from the app, so a signature bug in the app cannot hide behind the same bug here.
/// </summary>
/// <param name="url">The URL Twilio signs: the app's public webhook address, wherever the request is actually sent.</param>
/// <param name="firstSender">Where the senders' numbers start, so that runs against one database can use new senders.</param>
public sealed class TwilioRequests(string url, string authToken, string accountSid, string to, int senders, long firstSender = 0)
{
    public const string SignatureHeader = "X-Twilio-Signature";
    public const string SidMarker = "{sid}";
    public const string FromMarker = "{from}";

    public string Url { get; } = url;

    /// <summary>
    /// A 34-character message SID, unique per (namespace, index): SM, 16 hex digits of namespace, 16 of index.
    /// Each run draws a random namespace, so no two runs against one database share a SID.
    /// </summary>
    public static string Sid(ulong ns, long index) => $"SM{ns:x16}{(ulong)index:x16}";

    public static ulong NewNamespace() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>Sender <paramref name="index"/> modulo the number of senders, as a Dutch mobile number.</summary>
    public string From(long index) => $"+316{firstSender + index % senders:D8}";

    /// <summary>The fields of one incoming SMS, in the order Twilio posts them.</summary>
    public List<KeyValuePair<string, string>> Fields(string sid, string from) =>
    [
        new("ToCountry", "NL"),
        new("ToState", ""),
        new("SmsMessageSid", sid),
        new("NumMedia", "0"),
        new("ToCity", ""),
        new("FromZip", ""),
        new("SmsSid", sid),
        new("FromState", ""),
        new("SmsStatus", "received"),
        new("FromCity", ""),
        new("Body", "Hello, I have a question about my order."),
        new("FromCountry", "NL"),
        new("To", to),
        new("ToZip", ""),
        new("NumSegments", "1"),
        new("MessageSid", sid),
        new("AccountSid", accountSid),
        new("From", from),
        new("ApiVersion", "2010-04-01"),
    ];

    public static string FormEncode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var data = new StringBuilder(url);
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) data.Append(field.Key).Append(field.Value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> fields, string? signature)
    {
        if (string.IsNullOrEmpty(signature)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(authToken, url, fields));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    public (string Body, string Signature) Build(ulong ns, long index)
    {
        var fields = Fields(Sid(ns, index), From(index));
        return (FormEncode(fields), Sign(authToken, Url, fields));
    }

    /// <summary>
    /// Writes <paramref name="count"/> signed requests for the load generator's script: a first line with the form body
    /// in which <see cref="SidMarker"/> and <see cref="FromMarker"/> stand for the varying values, then one line per
    /// request, <c>sid TAB from TAB signature</c>, with the values already form-encoded. Keeping only what varies makes
    /// a million requests about 80 MB instead of 400.
    /// </summary>
    public void WriteFile(string path, ulong ns, long count)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.NewLine = "\n";
        // Markers survive form encoding untouched only if they are put in after it.
        var template = FormEncode(Fields("SIDMARKER", "FROMMARKER")).Replace("SIDMARKER", SidMarker).Replace("FROMMARKER", FromMarker);
        writer.WriteLine(template);
        for (long i = 0; i < count; i++)
        {
            var sid = Sid(ns, i);
            var from = From(i);
            var fields = Fields(sid, from);
            writer.Write(sid);
            writer.Write('\t');
            writer.Write(Uri.EscapeDataString(from));
            writer.Write('\t');
            writer.WriteLine(Sign(authToken, Url, fields));
        }
    }
}
