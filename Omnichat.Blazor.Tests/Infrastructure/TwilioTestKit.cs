using System.Net.Http.Headers;
using Omnichat.Blazor.Features.Channels.Twilio;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>Builds Twilio webhook requests the way Twilio does.</summary>
public static class TwilioTestKit
{
    public static Dictionary<string, string> IncomingSms(string from, string body, string? sid = null) => new()
    {
        ["MessageSid"] = sid ?? NewSid(), ["AccountSid"] = "AC" + new string('0', 32), ["From"] = from, ["To"] = "+31200000000",
        ["Body"] = body, ["NumMedia"] = "0",
    };

    public static string NewSid() => "SM" + Guid.NewGuid().ToString("N");

    public static HttpRequestMessage Signed(string url, Dictionary<string, string> fields, string authToken, string? signedUrl = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Sign(authToken, signedUrl ?? url, fields));
        return request;
    }
}
