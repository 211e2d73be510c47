using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// A stand-in for api.twilio.com on loopback. Each request to create a message takes the next scripted answer; the
/// messages it took are listed back, newest first, in the shape of Twilio's list answer.
/// </summary>
public sealed class FakeTwilioApi : IAsyncDisposable
{
    /// <summary>How a create request ends.</summary>
    public enum Ending
    {
        /// <summary>With the scripted status and body; a 201 means Twilio took the message.</summary>
        Answered,
        /// <summary>Twilio takes the message but never answers, so the client gives up waiting.</summary>
        TakenWithoutAnswer,
        /// <summary>The connection breaks before Twilio takes the message.</summary>
        Dropped,
    }

    /// <param name="Sid">The id of the message Twilio takes with this answer, if it takes one.</param>
    public sealed record Answer(int Status, object Body, string? Sid = null, Ending Ending = Ending.Answered);

    /// <summary>A message Twilio took: what the customer gets.</summary>
    public sealed record TakenMessage(string Sid, string From, string To, string Body, DateTime DateCreated);

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Answer> script = new();

    /// <summary>Every request to create a message, whatever became of it.</summary>
    public ConcurrentQueue<IFormCollection> Requests { get; } = new();
    public ConcurrentQueue<TakenMessage> Accepted { get; } = new();
    public string BaseUrl { get; }
    public ConcurrentDictionary<string, byte[]> Media { get; } = new();
    public string MediaAuthToken { get; set; } = "";

    /// <summary>Twilio's clock, which stamps the messages it takes; a test sets the app's fake clock so the two agree.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public string MediaUrl(string accountSid, string mediaSid) => $"{BaseUrl}/2010-04-01/Accounts/{accountSid}/Messages/MM1/Media/{mediaSid}";

    private FakeTwilioApi(WebApplication app, string baseUrl) => (this.app, BaseUrl) = (app, baseUrl);

    public static Answer Created(string sid) => new(201, new { sid, status = "queued" }, sid);
    public static Answer ServerError() => new(500, new { code = 20500, message = "Internal Server Error", status = 500 });
    public static Answer BadNumber() => new(400, new { code = 21211, message = "The 'To' number +3100 is not a valid phone number.", status = 400 });
    public static Answer TakenWithoutAnswer(string sid) => Created(sid) with { Ending = Ending.TakenWithoutAnswer };
    public static Answer Dropped() => new(0, new { }, Ending: Ending.Dropped);

    public void Script(params Answer[] answers) { foreach (var answer in answers) script.Enqueue(answer); }

    /// <summary>Twilio already has this message, as if from a call whose answer was lost.</summary>
    public void Holds(string sid, string from, string to, string body) => Accepted.Enqueue(new(sid, from, to, body, Clock.GetUtcNow().UtcDateTime));

    public static async Task<FakeTwilioApi> StartAsync()
    {
        FakeTwilioApi? fake = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (HttpContext context, IHostApplicationLifetime lifetime) =>
            {
                var form = await context.Request.ReadFormAsync();
                fake!.Requests.Enqueue(form);
                var answer = fake.script.TryDequeue(out var next) ? next : ServerError();
                if (answer.Ending == Ending.Dropped)
                {
                    context.Abort();
                    return Results.Empty;
                }
                // Like Twilio: the message is stored before the answer is written.
                if (answer.Sid is { } taken)
                    fake.Accepted.Enqueue(new(taken, form["From"].ToString(), form["To"].ToString(), form["Body"].ToString(), fake.Clock.GetUtcNow().UtcDateTime));
                if (answer.Ending == Ending.TakenWithoutAnswer)
                {
                    using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
                    try { await Task.Delay(Timeout.InfiniteTimeSpan, gone.Token); }
                    catch (OperationCanceledException) { }
                    return Results.Empty;
                }
                return Results.Json(answer.Body, statusCode: answer.Status);
            });
            app.MapGet("/2010-04-01/Accounts/{sid}/Messages.json", (string sid, HttpContext context) =>
            {
                var query = context.Request.Query;
                string from = query["From"].ToString(), to = query["To"].ToString();
                var pageSize = int.TryParse(query["PageSize"], out var size) ? size : 50;
                var page = fake!.Accepted.Reverse()
                    .Where(m => (from.Length == 0 || m.From == from) && (to.Length == 0 || m.To == to))
                    .Take(pageSize)
                    .Select(m => new
                    {
                        sid = m.Sid, account_sid = sid, from = m.From, to = m.To, body = m.Body, status = "sent", direction = "outbound-api",
                        date_created = m.DateCreated.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
                    })
                    .ToList();
                var uri = context.Request.Path + context.Request.QueryString;
                return Results.Json(new
                {
                    messages = page, uri, first_page_uri = uri, next_page_uri = (string?)null, previous_page_uri = (string?)null,
                    page = 0, page_size = pageSize, start = 0, end = Math.Max(0, page.Count - 1),
                });
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
