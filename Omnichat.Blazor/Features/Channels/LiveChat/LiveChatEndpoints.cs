using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

public sealed record StartRequest(string? Name, string? Email);

public sealed record SendRequest(string? Text, string? ClientId);

/// <summary>The visitor API the widget talks to: <c>/livechat/{siteKey}/...</c>, CORS-limited to the site's origins.</summary>
public static class LiveChatEndpoints
{
    public const string CorsPolicy = "livechat";
    public const string MessagesRateLimit = "livechat-messages";

    public static IResult Refusal(string error, string message, int status) => Results.Json(new { error, message }, statusCode: status);

    public static IServiceCollection AddLiveChatProtection(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, LiveChatCorsPolicyProvider>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(new { error = "rate", message = "Too many requests. Please wait a minute and try again." }, ct);
            };
            // Every visitor request counts against its IP address; other paths are not limited here.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !http.Request.Path.StartsWithSegments("/livechat")
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter(ClientIp(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = http.RequestServices.GetRequiredService<IOptions<LiveChatOptions>>().Value.RequestsPerMinutePerIp,
                        Window = TimeSpan.FromMinutes(1),
                    }));
            limiter.AddPolicy(MessagesRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.Headers.Authorization.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<LiveChatOptions>>().Value.MessagesPerMinutePerVisitor,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return services;
    }

    /// <summary>The visitor API's routes for one site, with its protections: allowed origins only, blocked addresses refused.</summary>
    public static RouteGroupBuilder MapSite(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/livechat/{siteKey}")
            .RequireCors(CorsPolicy)
            .DisableAntiforgery()
            .AllowAnonymous()
            .AddEndpointFilter(RefuseBlockedAndForeignAsync);

    public static IEndpointRouteBuilder MapLiveChat(this IEndpointRouteBuilder endpoints)
    {
        var site = endpoints.MapSite();

        site.MapGet("/config", async (string siteKey, LiveChatVisitors visitors, CancellationToken ct) =>
            await visitors.FindSiteAsync(siteKey, ct) is { } found ? Results.Ok(LiveChatVisitors.ConfigOf(found)) : UnknownSite());

        site.MapPost("/sessions", async (string siteKey, StartRequest start, HttpContext http, LiveChatVisitors visitors,
            IStringLocalizer<Strings> L, CancellationToken ct) =>
        {
            if (await visitors.FindSiteAsync(siteKey, ct) is not { } found) return UnknownSite();
            return await visitors.StartAsync(found, start.Name, start.Email, ClientIp(http), ct) is { } token
                ? Results.Ok(new { token })
                : Refusal("sessions", L["LiveChat.TooManySessions"], StatusCodes.Status429TooManyRequests);
        });

        site.MapGet("/messages", async (string siteKey, HttpContext http, LiveChatVisitors visitors, CancellationToken ct) =>
        {
            var (found, visitor) = await IdentifyAsync(siteKey, BearerToken(http), visitors, ct);
            if (found is null) return UnknownSite();
            return visitor is null ? UnknownVisitor() : Results.Ok(await visitors.ThreadAsync(visitor, ct));
        });

        site.MapPost("/messages", async (string siteKey, SendRequest send, HttpContext http, LiveChatVisitors visitors, CancellationToken ct) =>
        {
            var (found, visitor) = await IdentifyAsync(siteKey, BearerToken(http), visitors, ct);
            if (found is null) return UnknownSite();
            if (visitor is null) return UnknownVisitor();
            var error = await visitors.SendAsync(found, visitor, send.Text, send.ClientId, ClientIp(http), ct);
            return error is null ? Results.Ok(await visitors.ThreadAsync(visitor, ct)) : Refusal("invalid", error, StatusCodes.Status400BadRequest);
        }).RequireRateLimiting(MessagesRateLimit);

        site.MapPost("/files", async (string siteKey, IFormFile file, HttpContext http, LiveChatVisitors visitors, CancellationToken ct) =>
        {
            var (found, visitor) = await IdentifyAsync(siteKey, BearerToken(http), visitors, ct);
            if (found is null) return UnknownSite();
            if (visitor is null) return UnknownVisitor();
            var refusal = await visitors.SendFileAsync(found, visitor, file, ClientIp(http), ct);
            return refusal is null ? Results.Ok(await visitors.ThreadAsync(visitor, ct)) : Refusal("file", refusal, StatusCodes.Status400BadRequest);
        }).RequireRateLimiting(MessagesRateLimit);

        // EventSource cannot send headers: the token goes in a header here, and the stream is opened with the ticket.
        site.MapPost("/stream-tickets", async (string siteKey, HttpContext http, LiveChatVisitors visitors, StreamTickets tickets, CancellationToken ct) =>
        {
            var (found, visitor) = await IdentifyAsync(siteKey, BearerToken(http), visitors, ct);
            if (found is null) return UnknownSite();
            return visitor is null ? UnknownVisitor() : Results.Ok(new { ticket = tickets.Issue(siteKey, visitor.VisitorKey) });
        });

        site.MapGet("/events", async (string siteKey, string? ticket, HttpContext http, LiveChatVisitors visitors, StreamTickets tickets,
            LiveChatStreams streams, ConversationFanOut fanOut, BlockList blocks, CancellationToken ct) =>
        {
            if (await visitors.FindSiteAsync(siteKey, ct) is not { } found) return UnknownSite();
            if (tickets.Redeem(siteKey, ticket) is not { } visitorKey || await visitors.FindByKeyAsync(found, visitorKey, ct) is not { } visitor)
                return UnknownVisitor();
            var ip = ClientIp(http);
            if (streams.TryOpen(visitor.VisitorKey, ip) is not { } hold)
                return Refusal("streams", "This chat is open in too many windows. Close one and try again.", StatusCodes.Status429TooManyRequests);
            // Released when the request ends, however the stream ends.
            http.Response.RegisterForDispose(hold);
            return TypedResults.ServerSentEvents(StreamAsync(visitor, ip, visitors, fanOut, blocks, ct));
        });
        return endpoints;
    }

    /// <summary>Signals "changed" whenever the visitor's conversation changes (the widget then re-reads it), and "blocked" once.</summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(LiveChatVisitor visitor, string ip, LiveChatVisitors visitors,
        ConversationFanOut fanOut, BlockList blocks, [EnumeratorCancellation] CancellationToken ct)
    {
        var signals = Channel.CreateUnbounded<string>();
        // Changes are routed in memory by the visitor's contact. Before their first message made them one, only a new
        // chat on this site is worth a look-up.
        var contactId = await visitors.ContactIdAsync(visitor, ct) ?? 0;
        using var changes = fanOut.Subscribe(update =>
        {
            // A private note changes nothing the visitor sees; even the signal would tell them colleagues are writing.
            if (update.Conversation?.Row is not { } row || row.ChannelAccountId != visitor.ChannelAccountId
                || update.Change.Change == ConversationChange.NoteAdded) return;
            if (contactId != 0 && row.ContactId == contactId) signals.Writer.TryWrite("changed");
            else if (contactId == 0 && update.Change.Change == ConversationChange.Created) _ = LearnContactAsync(row.ContactId);
        });
        async Task LearnContactAsync(int? contactOfNewChat)
        {
            contactId = await visitors.ContactIdAsync(visitor) ?? 0;
            if (contactId != 0 && contactId == contactOfNewChat) signals.Writer.TryWrite("changed");
        }
        using var blocked = blocks.Subscribe(blockedIp =>
        {
            if (blockedIp == ip) signals.Writer.TryWrite("blocked");
        });
        yield return new SseItem<string>("connected", "ready");
        while (true)
        {
            var signal = await NextSignalAsync(signals.Reader, TimeSpan.FromSeconds(20), ct);
            // A token revoked meanwhile (session ended, contact erased) keeps no stream open: at the latest by the next ping.
            if (signal is null && !await visitors.IsValidAsync(visitor.Id, ct)) yield break;
            // A comment-like ping keeps proxies from closing an idle stream.
            yield return new SseItem<string>(signal ?? "", signal ?? "ping");
            if (signal == "blocked") yield break;
        }
    }

    private static async Task<string?> NextSignalAsync(ChannelReader<string> reader, TimeSpan idle, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(idle);
        try
        {
            return await reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async ValueTask<object?> RefuseBlockedAndForeignAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await http.RequestServices.GetRequiredService<BlockList>().IsBlockedAsync(ClientIp(http), http.RequestAborted))
            return Refusal("blocked", "You can no longer use this chat.", StatusCodes.Status403Forbidden);

        // CORS only stops a browser from reading the answer; a foreign page must not be able to post at all.
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && http.GetRouteValue("siteKey") is string siteKey)
        {
            var site = await http.RequestServices.GetRequiredService<LiveChatVisitors>().FindSiteAsync(siteKey, http.RequestAborted);
            if (site is not null && !site.Settings.Origins.Contains(origin, StringComparer.OrdinalIgnoreCase))
                return Refusal("origin", $"{origin} may not use this chat.", StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }

    private static async Task<(Site? Site, LiveChatVisitor? Visitor)> IdentifyAsync(string siteKey, string? token, LiveChatVisitors visitors, CancellationToken ct)
    {
        var site = await visitors.FindSiteAsync(siteKey, ct);
        return site is null ? (null, null) : (site, await visitors.FindVisitorAsync(site, token, ct));
    }

    public static string? BearerToken(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ") ? header["Bearer ".Length..] : null;

    /// <summary>The connection's address; forwarded headers have already replaced it when the peer is a trusted proxy.</summary>
    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : "";

    public static IResult UnknownSite() => Refusal("site", "This chat does not exist.", StatusCodes.Status404NotFound);

    public static IResult UnknownVisitor() => Refusal("session", "Your chat session is not valid; start a new one.", StatusCodes.Status401Unauthorized);
}

/// <summary>Allows exactly the origins configured on the site the request is for.</summary>
public sealed class LiveChatCorsPolicyProvider(LiveChatVisitors visitors) : ICorsPolicyProvider
{
    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != LiveChatEndpoints.CorsPolicy || context.GetRouteValue("siteKey") is not string siteKey) return null;
        var site = await visitors.FindSiteAsync(siteKey, context.RequestAborted);
        var policy = new CorsPolicyBuilder().WithMethods("GET", "POST").AllowAnyHeader().SetPreflightMaxAge(TimeSpan.FromHours(1));
        if (site is not null) policy.WithOrigins([.. site.Settings.Origins]);
        return policy.Build();
    }
}
