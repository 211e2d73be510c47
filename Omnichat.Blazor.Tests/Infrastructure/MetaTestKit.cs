using System.Text;
using Omnichat.Blazor.Features.Channels.Meta;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>The test channels' Meta secrets, and webhook requests signed as Meta signs them (bodies: <see cref="Omnichat.Blazor.Features.Channels.Simulator.MetaPayloads"/>).</summary>
public static class MetaTestKit
{
    public const string AppSecret = "meta-app-secret-1234";
    public const string VerifyToken = "verify-me-please";

    public static HttpRequestMessage Signed(string url, string body, string secret = AppSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(MetaSignature.Header, MetaSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return request;
    }
}
