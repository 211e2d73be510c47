using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

public sealed record StartRequest(string? Name, string? Email);

public sealed record SendRequest(string? Text, string? ClientId);

/// <summary>The visitor API the widget talks to: <c>/livechat/{siteKey}/...</c>, CORS-limited to the site's origins.</summary>
public static class LiveChatEndpoints
{
    public const string CorsPolicy = "livechat";
    public const string MessagesRateLimit = "livechat-messages";
    public const string TypingRateLimit = "livechat-typing";

    /// <summary>The widget says "typing" at most every few seconds; this leaves room for that and refuses a script.</summary>
    private const int TypingSignalsPerMinute = 30;

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
                await context.HttpContext.Response.WriteAsJsonAsync(new { error = "rate", message = Words(context.HttpContext)["Widget.TooManyRequests"].Value }, ct);
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
            limiter.AddPolicy(TypingRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.Headers.Authorization.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = TypingSignalsPerMinute,
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

        site.MapGet("/config", async (string siteKey, LiveChatVisitors visitors, IStringLocalizer<Strings> L, CancellationToken ct) =>
            await visitors.FindSiteAsync(siteKey, ct) is { } found ? Results.Ok(LiveChatVisitors.ConfigOf(found, L)) : UnknownSite());

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

        site.MapPost("/messages", async (string siteKey, SendRequest send, HttpContext http, LiveChatVisitors visitors, ColleagueTyping typing, CancellationToken ct) =>
        {
            var (found, visitor) = await IdentifyAsync(siteKey, BearerToken(http), visitors, ct);
            if (found is null) return UnknownSite();
            if (visitor is null) return UnknownVisitor();
            var error = await visitors.SendAsync(found, visitor, send.Text, send.ClientId, ClientIp(http), ct);
            if (error is not null) return Refusal("invalid", error, StatusCodes.Status400BadRequest);
            // The message is there: the agent's "is typing" goes away now rather than after a few seconds.
            if (await visitors.OpenConversationAsync(visitor, ct) is { } open)
                await typing.PublishAsync(new TypingSignal(open.ConversationId, TypistId(visitor), open.Name, Stopped: true));
            return Results.Ok(await visitors.ThreadAsync(visitor, ct));
        }).RequireRateLimiting(MessagesRateLimit);

        // The visitor is typing: shown to the agent in the conversation, like a colleague typing in an internal chat.
        site.MapPost("/typing", async (string siteKey, HttpContext http, LiveChatVisitors visitors, ColleagueTyping typing, CancellationToken ct) =>
        {
            var (found, visitor) = await IdentifyAsync(siteKey, BearerToken(http), visitors, ct);
            if (found is null) return UnknownSite();
            if (visitor is null) return UnknownVisitor();
            // Before their first message there is no conversation, and no agent to tell.
            if (await visitors.OpenConversationAsync(visitor, ct) is { } open)
                await typing.PublishAsync(new TypingSignal(open.ConversationId, TypistId(visitor), open.Name));
            return Results.NoContent();
        }).RequireRateLimiting(TypingRateLimit);

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
            LiveChatStreams streams, ConversationFanOut fanOut, BlockList blocks, ColleagueTyping typing, CancellationToken ct) =>
        {
            if (await visitors.FindSiteAsync(siteKey, ct) is not { } found) return UnknownSite();
            if (tickets.Redeem(siteKey, ticket) is not { } visitorKey || await visitors.FindByKeyAsync(found, visitorKey, ct) is not { } visitor)
                return UnknownVisitor();
            var ip = ClientIp(http);
            if (streams.TryOpen(visitor.VisitorKey, ip) is not { } hold)
                return Refusal("streams", Words(http)["Widget.TooManyWindows"], StatusCodes.Status429TooManyRequests);
            // Released when the request ends, however the stream ends.
            http.Response.RegisterForDispose(hold);
            return TypedResults.ServerSentEvents(StreamAsync(visitor, ip, visitors, fanOut, blocks, typing, ct));
        });
        return endpoints;
    }

    /// <summary>
    /// Signals "changed" whenever the visitor's conversation changes (the widget then re-reads it), "typing" while an
    /// agent types a reply in it (the data names them and says whether they still type), and "blocked" once.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(LiveChatVisitor visitor, string ip, LiveChatVisitors visitors,
        ConversationFanOut fanOut, BlockList blocks, ColleagueTyping typing, [EnumeratorCancellation] CancellationToken ct)
    {
        var signals = Channel.CreateUnbounded<SseItem<string>>();
        var changed = new SseItem<string>("changed", "changed");
        // The conversation whose typing the visitor sees, re-read when the conversation changes (a new chat after an ended one).
        var openConversationId = (await visitors.OpenConversationAsync(visitor, ct))?.ConversationId ?? 0;
        async Task LearnOpenConversationAsync() => openConversationId = (await visitors.OpenConversationAsync(visitor))?.ConversationId ?? 0;
        using var typists = typing.Subscribe(signal =>
        {
            if (signal.ConversationId != openConversationId || signal.UserId == TypistId(visitor)) return;
            signals.Writer.TryWrite(new SseItem<string>(JsonSerializer.Serialize(new { name = signal.DisplayName, typing = !signal.Stopped }), "typing"));
        });
        // Changes are routed in memory by the visitor's contact. Before their first message made them one, only a new
        // chat on this site is worth a look-up.
        var contactId = await visitors.ContactIdAsync(visitor, ct) ?? 0;
        using var changes = fanOut.Subscribe(update =>
        {
            // A private note changes nothing the visitor sees; even the signal would tell them colleagues are writing.
            if (update.Conversation?.Row is not { } row || row.ChannelAccountId != visitor.ChannelAccountId
                || update.Change.Change == ConversationChange.NoteAdded) return;
            if (contactId != 0 && row.ContactId == contactId)
            {
                signals.Writer.TryWrite(changed);
                _ = LearnOpenConversationAsync();
            }
            else if (contactId == 0 && update.Change.Change == ConversationChange.Created) _ = LearnContactAsync(row.ContactId);
        });
        async Task LearnContactAsync(int? contactOfNewChat)
        {
            contactId = await visitors.ContactIdAsync(visitor) ?? 0;
            if (contactId != 0 && contactId == contactOfNewChat)
            {
                signals.Writer.TryWrite(changed);
                await LearnOpenConversationAsync();
            }
        }
        using var blocked = blocks.Subscribe(blockedIp =>
        {
            if (blockedIp == ip) signals.Writer.TryWrite(new SseItem<string>("blocked", "blocked"));
        });
        yield return new SseItem<string>("connected", "ready");
        while (true)
        {
            var signal = await NextSignalAsync(signals.Reader, TimeSpan.FromSeconds(20), ct);
            // A token revoked meanwhile (session ended, contact erased) keeps no stream open: at the latest by the next ping.
            if (signal is null && !await visitors.IsValidAsync(visitor.Id, ct)) yield break;
            // A comment-like ping keeps proxies from closing an idle stream.
            yield return signal ?? new SseItem<string>("ping", "ping");
            if (signal?.EventType == "blocked") yield break;
        }
    }

    private static async Task<SseItem<string>?> NextSignalAsync(ChannelReader<SseItem<string>> reader, TimeSpan idle, CancellationToken ct)
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
            return Refusal("blocked", Words(http)["Widget.Blocked"], StatusCodes.Status403Forbidden);

        // CORS only stops a browser from reading the answer; a foreign page must not be able to post at all.
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && http.GetRouteValue("siteKey") is string siteKey)
        {
            var site = await http.RequestServices.GetRequiredService<LiveChatVisitors>().FindSiteAsync(siteKey, http.RequestAborted);
            if (site is not null && !site.Settings.Origins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            {
                await http.RequestServices.GetRequiredService<RefusedOrigins>().NoteAsync(site, origin, http.RequestAborted);
                // The visitor cannot fix this; the admin finds the reason in the log and on the Channels page.
                return Refusal("origin", Words(http)["Widget.NotAvailable"], StatusCodes.Status403Forbidden);
            }
        }
        return await next(context);
    }

    /// <summary>The visitor's words: the widget asks in their language (<c>?culture=</c>).</summary>
    private static IStringLocalizer<Strings> Words(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();

    /// <summary>How the visitor appears among the typists of their conversation (agents appear by user id).</summary>
    private static string TypistId(LiveChatVisitor visitor) => "visitor:" + visitor.VisitorKey;

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

/// <summary>
/// Allows the origins configured on the site the request is for. Any other page may only read the answer to a plain
/// GET (the widget's first request, for its settings): the endpoint filter refuses it, and the widget can then show
/// "Chat is not available on this page" instead of failing as if offline. Posting stays closed to such a page.
/// </summary>
public sealed class LiveChatCorsPolicyProvider(LiveChatVisitors visitors) : ICorsPolicyProvider
{
    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != LiveChatEndpoints.CorsPolicy || context.GetRouteValue("siteKey") is not string siteKey) return null;
        var site = await visitors.FindSiteAsync(siteKey, context.RequestAborted);
        var origin = context.Request.Headers.Origin.ToString();
        var allowed = site is not null && site.Settings.Origins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        var policy = new CorsPolicyBuilder().SetPreflightMaxAge(TimeSpan.FromHours(1));
        if (allowed) return policy.WithOrigins(origin).WithMethods("GET", "POST").AllowAnyHeader().Build();
        // A preflight asks to do more than a plain GET: a foreign page gets no permission for it at all.
        if (origin.Length == 0 || HttpMethods.IsOptions(context.Request.Method)) return policy.Build();
        return policy.WithOrigins(origin).WithMethods("GET").Build();
    }
}
