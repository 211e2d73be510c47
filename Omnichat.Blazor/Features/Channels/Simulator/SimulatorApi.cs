using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels.Twilio;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <summary>
/// A stand-in for Twilio's Messages API that simulated channels send to: it checks the account credentials like
/// Twilio, hands the message to the simulated phone, and reports sent/delivered through signed status callbacks.
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
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var account = (await db.ChannelAccounts.AsNoTracking().Where(a => a.IsSimulated && a.ProviderAccountId == accountSid).ToListAsync(ct))
                .FirstOrDefault(a => HasCredentials(request, accountSid, secrets.Reveal(a)));
            if (account is null) return Error(20003, "Authentication Error - invalid username", StatusCodes.Status401Unauthorized);

            var form = await request.ReadFormAsync(ct);
            var to = form["To"].ToString();
            if (!Address().IsMatch(to)) return Error(21211, $"The 'To' number {to} is not a valid phone number.", StatusCodes.Status400BadRequest);
            var body = form["Body"].ToString();
            if (body.Length > 1600) return Error(21617, "The concatenated message body exceeds the 1600 character limit.", StatusCodes.Status400BadRequest);

            var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var customer = to.StartsWith("whatsapp:") ? to["whatsapp:".Length..] : to;
            phones.Record(account.Key, customer, new SimulatedMessage(false, body, DateTime.UtcNow, sid, "queued"));
            customerPhone.ReportDelivery(account, customer, sid, form["StatusCallback"].ToString());
            return Results.Json(new Dictionary<string, object?>
            {
                ["sid"] = sid, ["account_sid"] = accountSid, ["to"] = to, ["from"] = form["From"].ToString(), ["body"] = body,
                ["status"] = "queued", ["num_media"] = "0", ["direction"] = "outbound-api", ["api_version"] = "2010-04-01",
            }, statusCode: StatusCodes.Status201Created);
        }).DisableAntiforgery().AllowAnonymous();
        return endpoints;
    }

    private static bool HasCredentials(HttpRequest request, string accountSid, string authToken)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null) return false;
        var expected = Encoding.UTF8.GetBytes($"{accountSid}:{authToken}");
        return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header.Parameter), expected);
    }

    private static IResult Error(int code, string message, int status) =>
        Results.Json(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }, statusCode: status);
}
