using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels.Twilio;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <summary>
/// A stand-in for Twilio's Messages API that simulated channels send to: it checks the account credentials like
/// Twilio, hands the message to the simulated phone, and reports sent/delivered through signed status callbacks.
/// It also lists what was sent to a customer, so the outbox can check whether a send whose answer was lost went out.
/// </summary>
public static partial class SimulatorApi
{
    public const string HttpClientName = "twilio-simulator";
    public const string BasePath = "/simulator/twilio";

    [GeneratedRegex(@"^(whatsapp:)?\+[1-9][0-9]{6,14}$")]
    private static partial Regex Address();

    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost($"{BasePath}/2010-04-01/Accounts/{{accountSid}}/Messages.json", async (string accountSid, HttpRequest request,
            IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets, SimulatorPhones phones, CustomerPhone customerPhone, CancellationToken ct) =>
        {
            var (account, refusal) = await AccountAsync(accountSid, request, dbFactory, secrets, ct);
            if (account is null) return refusal!;

            var form = await request.ReadFormAsync(ct);
            var to = form["To"].ToString();
            if (!Address().IsMatch(to)) return Error(21211, $"The 'To' number {to} is not a valid phone number.", StatusCodes.Status400BadRequest);
            var body = form["ContentSid"].ToString() is { Length: > 0 } contentSid ? TemplateText(contentSid, form["ContentVariables"].ToString()) : form["Body"].ToString();
            if (body is null) return Error(21656, "The ContentVariables Parameter is invalid.", StatusCodes.Status400BadRequest);
            if (body.Length > 1600) return Error(21617, "The concatenated message body exceeds the 1600 character limit.", StatusCodes.Status400BadRequest);

            var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var message = new SimulatedMessage(false, body, DateTime.UtcNow, sid, "queued");
            var customer = Customer(to);
            phones.Record(account.Key, customer, message);
            customerPhone.ReportDelivery(account, customer, sid, form["StatusCallback"].ToString());
            return Results.Json(MessageJson(accountSid, form["From"].ToString(), to, message), statusCode: StatusCodes.Status201Created);
        }).DisableAntiforgery().AllowAnonymous();

        // Twilio's list of messages, newest first, for the one filter the console uses: from the channel to one customer.
        endpoints.MapGet($"{BasePath}/2010-04-01/Accounts/{{accountSid}}/Messages.json", async (string accountSid, HttpRequest request,
            IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets, SimulatorPhones phones, CancellationToken ct) =>
        {
            var (account, refusal) = await AccountAsync(accountSid, request, dbFactory, secrets, ct);
            if (account is null) return refusal!;

            var to = request.Query["To"].ToString();
            if (!Address().IsMatch(to)) return Error(21211, $"The simulator lists messages to one customer; the 'To' number {to} is not a valid phone number.", StatusCodes.Status400BadRequest);
            var from = TwilioInbound.Address(account.Kind, account.Address);
            var pageSize = int.TryParse(request.Query["PageSize"], out var size) ? Math.Clamp(size, 1, 1000) : 50;
            var asked = request.Query["From"].ToString();
            var sent = asked.Length > 0 && asked != from ? []
                : phones.Thread(account.Key, Customer(to)).Where(m => !m.FromCustomer).Reverse().Take(pageSize).Select(m => MessageJson(accountSid, from, to, m)).ToList();
            // Paths as Twilio gives them, without the simulator's prefix; there is never a next page.
            var uri = request.Path.Value![BasePath.Length..] + request.QueryString;
            return Results.Json(new Dictionary<string, object?>
            {
                ["messages"] = sent, ["uri"] = uri, ["first_page_uri"] = uri, ["next_page_uri"] = null, ["previous_page_uri"] = null,
                ["page"] = 0, ["page_size"] = pageSize, ["start"] = 0, ["end"] = Math.Max(0, sent.Count - 1),
            });
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// The simulated account the request's credentials open, like Twilio's basic authentication: only channels marked
    /// simulated, each with its own generated auth token, answer here. Otherwise the answer to give.
    /// </summary>
    private static async Task<(ChannelAccount? Account, IResult? Refusal)> AccountAsync(string accountSid, HttpRequest request,
        IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets, CancellationToken ct)
    {
        if (request.Headers.Authorization.Count == 0) return (null, AuthenticationError());
        if (BasicCredentials(request) is not { } given)
            return (null, Error(20003, "The Authorization header must be Basic with the Base64 of AccountSid:AuthToken.", StatusCodes.Status400BadRequest));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = (await db.ChannelAccounts.AsNoTracking().Where(a => a.IsSimulated && a.ProviderAccountId == accountSid).ToListAsync(ct))
            .FirstOrDefault(a => HasCredentials(given, accountSid, secrets.Reveal(a)));
        return account is null ? (null, AuthenticationError()) : (account, null);
    }

    /// <summary>An approved template as the simulated phone shows it: its Content SID and the values of its variables; null when they are not JSON.</summary>
    private static string? TemplateText(string contentSid, string variables)
    {
        Dictionary<string, string>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(variables is { Length: > 0 } ? variables : "{}");
        }
        catch (JsonException)
        {
            return null;
        }
        return $"[{contentSid}] {string.Join(" | ", (values ?? []).OrderBy(v => int.TryParse(v.Key, out var n) ? n : 0).Select(v => v.Value))}".TrimEnd();
    }

    private static string Customer(string to) => to.StartsWith("whatsapp:") ? to["whatsapp:".Length..] : to;

    /// <summary>A message resource as Twilio writes it, dates in RFC 2822 like Twilio's.</summary>
    private static Dictionary<string, object?> MessageJson(string accountSid, string from, string to, SimulatedMessage message) => new()
    {
        ["sid"] = message.Sid, ["account_sid"] = accountSid, ["to"] = to, ["from"] = from, ["body"] = message.Body,
        ["status"] = message.Status, ["num_media"] = "0", ["direction"] = "outbound-api", ["api_version"] = "2010-04-01",
        ["date_created"] = message.At.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
    };

    private static bool HasCredentials(byte[] given, string accountSid, string authToken) =>
        CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes($"{accountSid}:{authToken}"));

    /// <summary>The decoded "sid:token" of a Basic Authorization header; null when there is none or it is not Base64.</summary>
    private static byte[]? BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null) return null;
        var decoded = new byte[header.Parameter.Length];
        return Convert.TryFromBase64String(header.Parameter, decoded, out var length) ? decoded[..length] : null;
    }

    private static IResult AuthenticationError() => Error(20003, "Authentication Error - invalid username", StatusCodes.Status401Unauthorized);

    private static IResult Error(int code, string message, int status) =>
        Results.Json(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }, statusCode: status);
}
