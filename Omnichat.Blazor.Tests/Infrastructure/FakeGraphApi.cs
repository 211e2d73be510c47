using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// A stand-in for graph.facebook.com on loopback. Each send takes the next scripted answer; media is served the way
/// the WhatsApp Cloud API serves it (a look-up that answers with a URL, both behind the bearer token), and Messenger
/// files from a plain URL.
/// </summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    public const string Version = "v23.0";

    /// <param name="TakenWithoutAnswer">Meta takes the message but never answers, so the client gives up waiting.</param>
    public sealed record Answer(int Status, object Body, bool TakenWithoutAnswer = false);

    /// <summary>A send request: the node it was posted to, its JSON body and its bearer token.</summary>
    public sealed record Sent(string Node, JsonNode Body, string Authorization);

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Answer> script = new();

    public ConcurrentQueue<Sent> Requests { get; } = new();
    public ConcurrentDictionary<string, byte[]> Media { get; } = new();
    public string AccessToken { get; set; } = "";
    public string BaseUrl { get; }

    private FakeGraphApi(WebApplication app, string baseUrl) => (this.app, BaseUrl) = (app, baseUrl);

    public static Answer MessengerAccepted(string mid) => new(200, new { recipient_id = "1254477777772919", message_id = mid });
    public static Answer WhatsAppAccepted(string wamid) => new(200, new { messaging_product = "whatsapp", messages = new[] { new { id = wamid } } });
    public static Answer ServerError() => new(500, new { error = new { message = "An unexpected error has occurred. Please retry your request later.", type = "OAuthException", code = 2, is_transient = true } });
    public static Answer Error(int status, int code, int? subcode, string message, string? details = null) =>
        new(status, new { error = new { message, type = "OAuthException", code, error_subcode = subcode, error_data = details is null ? null : new { messaging_product = "whatsapp", details }, fbtrace_id = "AbCdEf" } });
    public static Answer TakenWithoutAnswer(string id) => WhatsAppAccepted(id) with { TakenWithoutAnswer = true };

    public void Script(params Answer[] answers) { foreach (var answer in answers) script.Enqueue(answer); }

    /// <summary>Where Messenger would host a customer's file: no token needed.</summary>
    public string MessengerFileUrl(string name) => $"{BaseUrl}/messenger-cdn/{name}";

    public static async Task<FakeGraphApi> StartAsync()
    {
        FakeGraphApi? fake = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost($"/{Version}/{{node}}/messages", async (string node, HttpContext context, IHostApplicationLifetime lifetime) =>
            {
                var body = await JsonNode.ParseAsync(context.Request.Body);
                fake!.Requests.Enqueue(new(node, body!, context.Request.Headers.Authorization.ToString()));
                var answer = fake.script.TryDequeue(out var next) ? next : ServerError();
                if (answer.TakenWithoutAnswer)
                {
                    using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
                    try { await Task.Delay(Timeout.InfiniteTimeSpan, gone.Token); }
                    catch (OperationCanceledException) { }
                    return Results.Empty;
                }
                return Results.Json(answer.Body, statusCode: answer.Status);
            });
            app.MapGet($"/{Version}/{{mediaId}}", (string mediaId, HttpContext context) =>
                !fake!.Authorized(context) ? Results.Json(new { error = new { message = "Invalid OAuth access token.", code = 190 } }, statusCode: 401)
                : fake.Media.ContainsKey(mediaId) ? Results.Json(new { messaging_product = "whatsapp", url = $"{fake.BaseUrl}/whatsapp-cdn/{mediaId}", id = mediaId })
                : Results.NotFound());
            app.MapGet("/whatsapp-cdn/{mediaId}", (string mediaId, HttpContext context) =>
                !fake!.Authorized(context) ? Results.Unauthorized()
                : fake.Media.TryGetValue(mediaId, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
            app.MapGet("/messenger-cdn/{name}", (string name) =>
                fake!.Media.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
        });
        return fake = new FakeGraphApi(app, address);
    }

    private bool Authorized(HttpContext context) => context.Request.Headers.Authorization == $"Bearer {AccessToken}";

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
