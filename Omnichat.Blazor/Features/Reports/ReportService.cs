using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Reports;

/// <summary>A report with the names its rows refer to.</summary>
public sealed record ReportResult(Report Report, IReadOnlyDictionary<string, string> AgentNames, IReadOnlyDictionary<int, string> QueueNames,
    IReadOnlyDictionary<int, int> FirstReplyTargets);

/// <summary>
/// Reads the facts of the conversations a filter covers from the pre-aggregated <see cref="ConversationMetrics"/> (one
/// row per conversation, found by its start time) with their satisfaction ratings, and hands them to <see cref="ReportCalculator"/>.
/// </summary>
public sealed class ReportService(IDbContextFactory<OmnichatDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="zone">The reader's time zone: it decides where days and hours begin.</param>
    public async Task<ReportResult> BuildAsync(ReportFilter filter, TimeZoneInfo zone, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await LoadFactsAsync(db, filter, zone, ct);
        var targets = await db.Queues.Where(q => q.FirstReplyTargetMinutes != null)
            .ToDictionaryAsync(q => q.Id, q => q.FirstReplyTargetMinutes!.Value, ct);
        var report = ReportCalculator.Calculate(facts, filter, zone, targets, clock.GetUtcNow().UtcDateTime);

        var agentIds = report.Agents.Select(a => a.Key).OfType<string>().ToList();
        var agentNames = await db.Users.Where(u => agentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var queueNames = await db.Queues.ToDictionaryAsync(q => q.Id, q => q.Name, ct);
        return new ReportResult(report, agentNames, queueNames, targets);
    }

    public static Task<List<ConversationFacts>> LoadFactsAsync(OmnichatDbContext db, ReportFilter filter, TimeZoneInfo zone, CancellationToken ct)
    {
        var (start, end) = filter.UtcBounds(zone);
        var conversations = filter.Apply(db.Conversations.Where(c => c.Status != ConversationStatus.Deleted));
        return (from metrics in db.ConversationMetrics
                where metrics.CreatedAt >= start && metrics.CreatedAt < end
                join c in conversations on metrics.ConversationId equals c.Id
                // The rating, if any, comes along in the same query: it belongs to the conversation, so to the day it started.
                join rating in db.SatisfactionRatings on c.Id equals rating.ConversationId into ratings
                from rating in ratings.DefaultIfEmpty()
                select new ConversationFacts(metrics.CreatedAt, metrics.FirstResponseSeconds == null ? metrics.FirstCustomerMessageAt : null,
                    metrics.FirstResponseSeconds, metrics.ResolutionSeconds, c.Status, c.QueueId, c.OwnerId, rating == null ? null : rating.Score))
            .AsNoTracking().ToListAsync(ct);
    }
}
