using Omnichat.Blazor.Features.Channels.LiveChat;

namespace Omnichat.Blazor.Features.Satisfaction;

public static class SatisfactionFeature
{
    public static IHostApplicationBuilder AddSatisfaction(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveChatRatings>();
        return builder;
    }

    /// <summary>The widget's "How did we do?": <c>GET</c> whether to ask, <c>POST</c> the score, with the visitor's token.</summary>
    public static IEndpointRouteBuilder MapSatisfaction(this IEndpointRouteBuilder endpoints)
    {
        var site = endpoints.MapSite();
        site.MapGet("/rating", async (string siteKey, HttpContext http, LiveChatVisitors visitors, LiveChatRatings ratings, CancellationToken ct) =>
        {
            if (await visitors.FindSiteAsync(siteKey, ct) is not { } found) return LiveChatEndpoints.UnknownSite();
            return await ratings.SurveyAsync(found, LiveChatEndpoints.BearerToken(http), ct) is { } survey
                ? Results.Ok(survey)
                : LiveChatEndpoints.UnknownVisitor();
        });
        site.MapPost("/rating", async (string siteKey, RatingRequest rating, HttpContext http, LiveChatVisitors visitors, LiveChatRatings ratings,
            CancellationToken ct) =>
        {
            if (await visitors.FindSiteAsync(siteKey, ct) is not { } found) return LiveChatEndpoints.UnknownSite();
            var (survey, refusal) = await ratings.RateAsync(found, LiveChatEndpoints.BearerToken(http), rating, ct);
            if (refusal is not null) return LiveChatEndpoints.Refusal("invalid", refusal, StatusCodes.Status400BadRequest);
            return survey is null ? LiveChatEndpoints.UnknownVisitor() : Results.Ok(survey);
        }).RequireRateLimiting(LiveChatEndpoints.MessagesRateLimit);
        return endpoints;
    }
}
