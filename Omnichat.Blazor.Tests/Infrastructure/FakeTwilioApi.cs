using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// A stand-in for api.twilio.com on loopback. Each call to the Messages API takes the next scripted answer;
/// only completed "201 Created" answers count as messages Twilio accepted.
/// </summary>
public sealed class FakeTwilioApi : IAsyncDisposable
{
    public sealed record Answer(int Status, object Body, TimeSpan Delay = default);

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Answer> script = new();
    public ConcurrentQueue<IFormCollection> Requests { get; } = new();
    public ConcurrentQueue<string> Accepted { get; } = new();
    public string BaseUrl { get; }
    public ConcurrentDictionary<string, byte[]> Media { get; } = new();
    public string MediaAuthToken { get; set; } = "";

    public string MediaUrl(string accountSid, string mediaSid) => $"{BaseUrl}/2010-04-01/Accounts/{accountSid}/Messages/MM1/Media/{mediaSid}";

    private FakeTwilioApi(WebApplication app, string baseUrl) => (this.app, BaseUrl) = (app, baseUrl);

    public static Answer Created(string sid) => new(201, new { sid, status = "queued" });
    public static Answer ServerError() => new(500, new { code = 20500, message = "Internal Server Error", status = 500 });
    public static Answer BadNumber() => new(400, new { code = 21211, message = "The 'To' number +3100 is not a valid phone number.", status = 400 });
    public static Answer Slow(string sid, TimeSpan delay) => Created(sid) with { Delay = delay };

    public void Script(params Answer[] answers) { foreach (var answer in answers) script.Enqueue(answer); }

    public static async Task<FakeTwilioApi> StartAsync()
    {
        FakeTwilioApi? fake = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                fake!.Requests.Enqueue(form);
                var answer = fake.script.TryDequeue(out var next) ? next : ServerError();
                await Task.Delay(answer.Delay, context.RequestAborted);
                if (answer.Status == 201) fake.Accepted.Enqueue(form["Body"].ToString());
                return Results.Json(answer.Body, statusCode: answer.Status);
            });
            // Media as Twilio serves it: the API address checks the account's credentials and redirects to the file.
            app.MapGet("/2010-04-01/Accounts/{sid}/Messages/{messageSid}/Media/{mediaSid}", (string sid, string mediaSid, HttpContext context) =>
            {
                var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{sid}:{fake!.MediaAuthToken}"));
                return context.Request.Headers.Authorization == expected ? Results.Redirect($"/cdn/{mediaSid}") : Results.Unauthorized();
            });
            app.MapGet("/cdn/{mediaSid}", (string mediaSid, HttpContext context) =>
                context.Request.Headers.Authorization.Count > 0 ? Results.BadRequest("credentials leaked to the file host")
                : fake!.Media.TryGetValue(mediaSid, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
        });
        return fake = new FakeTwilioApi(app, address);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
