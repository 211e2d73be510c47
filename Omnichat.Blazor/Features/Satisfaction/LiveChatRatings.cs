using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Satisfaction;

/// <summary>What the widget asks after the chat closed: whether to show "How did we do?", or the score already given.</summary>
public sealed record VisitorSurvey(bool Ask, int? Score);

public sealed record RatingRequest(int Score, string? Comment);

/// <summary>
/// "How did we do?" in the website widget, once the agent marked the chat dealt with or ended it. The visitor answers
/// with the token of that chat, which ending the session revoked: a revoked token may still rate the chat it belonged
/// to, for <see cref="SatisfactionSurveys.AnswerWindow"/> after it closed, and nothing else.
/// </summary>
public sealed class LiveChatRatings(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    IDbWriter writer,
    ConversationBus bus,
    VisitorTokens tokens,
    IOptions<LiveChatOptions> options,
    IStringLocalizer<Strings> L,
    TimeProvider clock)
{
    private sealed record Closed(long ConversationId, int? Score);

    /// <summary>Null when the token is not a visitor's of this site (or idle too long).</summary>
    public async Task<VisitorSurvey?> SurveyAsync(Site site, string? token, CancellationToken ct = default)
    {
        if (tokens.Read(site.Account.Key, token) is not { } visitorKey) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await KnownAsync(db, site, visitorKey, ct)) return null;
        var closed = await LatestClosedAsync(db, site, visitorKey, ct);
        return new VisitorSurvey(closed is { Score: null }, closed?.Score);
    }

    /// <summary>Records the visitor's score for their chat that just closed. Returns the refusal, or null when it was kept.</summary>
    public async Task<(VisitorSurvey? Survey, string? Refusal)> RateAsync(Site site, string? token, RatingRequest rating, CancellationToken ct = default)
    {
        if (tokens.Read(site.Account.Key, token) is not { } visitorKey) return (null, null);
        if (!SatisfactionRating.IsScore(rating.Score)) return (null, L["Satisfaction.InvalidScore", SatisfactionRating.MinScore, SatisfactionRating.MaxScore]);
        var comment = string.IsNullOrWhiteSpace(rating.Comment) ? null : rating.Comment.Trim();
        if (comment?.Length > SatisfactionRating.MaxCommentLength) return (null, L["Satisfaction.CommentTooLong", SatisfactionRating.MaxCommentLength]);

        var now = clock.GetUtcNow().UtcDateTime;
        var (known, rated) = await writer.WriteAsync<(bool, long?)>(async (db, ct2) =>
        {
            if (!await KnownAsync(db, site, visitorKey, ct2)) return (false, null);
            // Read in the write, so a double submit finds the first score.
            if (await LatestClosedAsync(db, site, visitorKey, ct2) is not { Score: null } closed) return (true, null);
            db.SatisfactionRatings.Add(new SatisfactionRating
            {
                ConversationId = closed.ConversationId,
                Score = rating.Score,
                Comment = comment,
                RatedAt = now,
                Channel = Channels.ChannelKind.LiveChat,
            });
            await db.SaveChangesAsync(ct2);
            return (true, closed.ConversationId);
        }, ct);
        if (!known) return (null, null);
        if (rated is not { } conversationId) return (null, L["Satisfaction.NothingToRate"]);
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Rated));
        return (new VisitorSurvey(false, rating.Score), null);
    }

    private Task<bool> KnownAsync(OmnichatDbContext db, Site site, string visitorKey, CancellationToken ct)
    {
        var idleSince = clock.GetUtcNow().UtcDateTime - options.Value.VisitorIdleTimeout;
        return db.LiveChatVisitors.AnyAsync(v => v.VisitorKey == visitorKey && v.ChannelAccountId == site.Account.Id && v.LastSeenAt >= idleSince, ct);
    }

    /// <summary>The visitor's latest chat, when the agent closed it within the answer window; with its score if given.</summary>
    private async Task<Closed?> LatestClosedAsync(OmnichatDbContext db, Site site, string visitorKey, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - SatisfactionSurveys.AnswerWindow;
        var latest = await LiveChatVisitors.ConversationsOf(db, site.Account.Id, visitorKey).OrderByDescending(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.Status,
                ClosedRecently = c.Events.Any(e => (e.Kind == ConversationEventKind.DealtWith || e.Kind == ConversationEventKind.SessionEnded) && e.At >= since),
                Score = db.SatisfactionRatings.Where(r => r.ConversationId == c.Id).Select(r => (int?)r.Score).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (latest is null || latest.Status is not (ConversationStatus.DealtWith or ConversationStatus.Ended)) return null;
        return latest.Score is not null || latest.ClosedRecently ? new Closed(latest.Id, latest.Score) : null;
    }
}
