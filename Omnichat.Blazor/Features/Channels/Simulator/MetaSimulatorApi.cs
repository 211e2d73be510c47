using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels.Simulator;

/// <summary>
/// A stand-in for the Graph API calls the console makes for simulated Meta channels: sends (checked against the
/// channel's access token like Meta does, handed to the simulated phone, then receipted through signed webhooks) and
/// the WhatsApp media look-up with its download.
/// </summary>
public static class MetaSimulatorApi
{
    public const string BasePath = "/simulator/meta";

    /// <summary>Where a file the simulated customer sent can be fetched, like Meta's CDN addresses: unguessable, ending in the name.</summary>
    public static string FileUrl(PublicUrls urls, string id, string name) => $"{urls.LocalBase}{BasePath}/files/{id}/{Uri.EscapeDataString(name)}";

    public static IEndpointRouteBuilder MapMetaSimulatorApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath).DisableAntiforgery().AllowAnonymous();
        api.MapPost("/{version}/{node}/messages", SendAsync);
        api.MapGet("/{version}/{mediaId}", async (string mediaId, HttpRequest request, IDbContextFactory<OmnichatDbContext> dbFactory,
            ChannelSecrets secrets, SimulatorPhones phones, PublicUrls urls, CancellationToken ct) =>
        {
            if (await AccountAsync(request, dbFactory, secrets, null, ct) is null) return InvalidToken();
            return phones.File(mediaId) is { } file
                ? Results.Json(new { messaging_product = "whatsapp", url = FileUrl(urls, mediaId, file.Name), mime_type = file.ContentType, file_size = file.Content.Length, id = mediaId })
                : Error(100, $"Unsupported get request. Object with ID '{mediaId}' does not exist.", StatusCodes.Status400BadRequest);
        });
        api.MapGet("/files/{id}/{name}", (string id, SimulatorPhones phones) =>
            phones.File(id) is { } file ? Results.Bytes(file.Content, file.ContentType) : Results.NotFound());
        return endpoints;
    }

    private static async Task<IResult> SendAsync(string node, HttpRequest request, IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets,
        SimulatorPhones phones, MetaCustomerPhone customerPhone, CancellationToken ct)
    {
        if (await AccountAsync(request, dbFactory, secrets, node, ct) is not { } account) return InvalidToken();
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            body = null;
        }
        var messenger = account.Kind == ChannelKind.Facebook;
        if ((messenger ? Messenger(body) : WhatsApp(body)) is not var (customer, text, fileName))
            return Error(100, "(#100) The recipient or the message content is missing or not one the simulator can show.", StatusCodes.Status400BadRequest);

        var id = messenger ? MetaPayloads.NewMid() : MetaPayloads.NewWamid();
        phones.Record(account.Key, customer, new SimulatedMessage(false, text, DateTime.UtcNow, id, "", fileName));
        customerPhone.ReportReceipts(account, customer, id);
        var to = customer.TrimStart('+');
        return messenger
            ? Results.Json(new { recipient_id = customer, message_id = id })
            : Results.Json(new { messaging_product = "whatsapp", contacts = new[] { new { input = to, wa_id = to } }, messages = new[] { new { id } } });
    }

    /// <summary>The customer (PSID), text and file name of a Messenger send.</summary>
    private static (string, string, string?)? Messenger(JsonNode? body)
    {
        if ((string?)body?["recipient"]?["id"] is not { Length: > 0 } psid || body["message"] is not { } message) return null;
        if ((string?)message["text"] is { Length: > 0 } text) return (psid, text, null);
        return (string?)message["attachment"]?["payload"]?["url"] is { } url ? (psid, "", NameOf(url)) : null;
    }

    /// <summary>The customer (with the plus we store), text and file name of a WhatsApp send; a template shows its name and parameters.</summary>
    private static (string, string, string?)? WhatsApp(JsonNode? body)
    {
        if ((string?)body?["messaging_product"] != "whatsapp" || (string?)body["to"] is not { Length: > 0 } to) return null;
        var customer = "+" + to;
        var type = (string?)body["type"] ?? "text";
        return type switch
        {
            "text" => (string?)body["text"]?["body"] is { } text ? (customer, text, null) : null,
            "image" or "document" => body[type]?["link"] is { } link
                ? (customer, (string?)body[type]?["caption"] ?? "", (string?)body[type]?["filename"] ?? NameOf((string)link!))
                : null,
            "template" => (string?)body["template"]?["name"] is { } name ? (customer, TemplateText(name, body["template"]!), null) : null,
            _ => null,
        };
    }

    private static string TemplateText(string name, JsonNode template)
    {
        var parameters = (template["components"]?.AsArray() ?? [])
            .SelectMany(c => c?["parameters"]?.AsArray() ?? [])
            .Select(p => (string?)p?["text"] ?? "");
        return $"[{name}] {string.Join(" | ", parameters)}".TrimEnd();
    }

    private static string NameOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.Segments[^1]) : url;

    /// <summary>The simulated Meta channel whose access token the request carries, like the Graph API's bearer check.</summary>
    /// <param name="node">The page or phone-number id the call is for; null for a media look-up, which any of the channels may make.</param>
    private static async Task<ChannelAccount?> AccountAsync(HttpRequest request, IDbContextFactory<OmnichatDbContext> dbFactory, ChannelSecrets secrets,
        string? node, CancellationToken ct)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Bearer" || header.Parameter is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await db.ChannelAccounts.AsNoTracking()
            .Where(a => a.IsSimulated && a.Provider == ChannelProvider.Meta && (node == null || a.Address == node)).ToListAsync(ct);
        var given = Encoding.UTF8.GetBytes(header.Parameter);
        return accounts.FirstOrDefault(a => CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(secrets.Reveal(a))));
    }

    private static IResult InvalidToken() => Error(190, "Invalid OAuth access token - Cannot parse access token", StatusCodes.Status401Unauthorized);

    private static IResult Error(int code, string message, int status) =>
        Results.Json(new { error = new { message, type = "OAuthException", code, fbtrace_id = "simulator" } }, statusCode: status);
}
