using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Satisfaction;

namespace Omnichat.Blazor.Features.Reports;

/// <summary>One customer conversation as a report sees it: its moments and what it is grouped and filtered by.</summary>
/// <param name="FirstCustomerMessageAt">Needed (and read) only while nobody has answered, to tell whether the target has passed.</param>
/// <param name="LastResolutionSeconds">From the start to the last time it was dealt with or ended, whatever happened since.</param>
/// <param name="Score">The customer's satisfaction rating (1–5), when they gave one.</param>
public sealed record ConversationFacts(
    DateTime CreatedAt,
    DateTime? FirstCustomerMessageAt,
    int? FirstResponseSeconds,
    int? LastResolutionSeconds,
    ConversationStatus Status,
    int? QueueId,
    string? OwnerId,
    int? Score = null)
{
    /// <summary>Only for a conversation that is dealt with or ended now: one reopened since is not resolved.</summary>
    public int? ResolutionSeconds => Status is ConversationStatus.DealtWith or ConversationStatus.Ended ? LastResolutionSeconds : null;
}

/// <summary>Median and 90th percentile of a set of durations, in seconds; null when the set is empty.</summary>
public sealed record DurationStats(int Count, double? MedianSeconds, double? P90Seconds)
{
    public static DurationStats Of(List<double> seconds)
    {
        seconds.Sort();
        return new(seconds.Count, Percentile(seconds, 0.5), Percentile(seconds, 0.9));
    }

    /// <summary>Linear interpolation between the closest ranks (as a spreadsheet's PERCENTILE.INC) of sorted values.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0) return null;
        var rank = fraction * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
    }
}

/// <summary>Conversations answered within their queue's first-reply target, of those the target applies to.</summary>
public sealed record TargetShare(int Within, int Measured)
{
    public double? Share => Measured == 0 ? null : (double)Within / Measured;
}

/// <summary>
/// Customer satisfaction (CSAT) of a set of conversations: the ratings they got, of those that were ever dealt with or
/// ended (when the customer is asked).
/// </summary>
/// <param name="Distribution">How many ratings gave each score: index 0 is score 1.</param>
public sealed record SatisfactionStats(int Closed, IReadOnlyList<int> Distribution)
{
    /// <summary>The scores that count as satisfied: 4 and 5, the usual CSAT definition.</summary>
    public const int SatisfiedFrom = 4;

    public int Ratings => Distribution.Sum();
    public double? Average => Ratings == 0 ? null : Distribution.Select((count, i) => (double)count * (i + SatisfactionRating.MinScore)).Sum() / Ratings;
    /// <summary>The share of ratings of 4 or 5.</summary>
    public double? Csat => Ratings == 0 ? null : (double)Distribution.Skip(SatisfiedFrom - SatisfactionRating.MinScore).Sum() / Ratings;
    /// <summary>Ratings per conversation dealt with or ended; a rating on one that has not been is still counted above.</summary>
    public double? ResponseRate => Closed == 0 ? null : (double)Ratings / Closed;

    public static SatisfactionStats Of(IEnumerable<ConversationFacts> group)
    {
        var distribution = new int[SatisfactionRating.MaxScore - SatisfactionRating.MinScore + 1];
        var closed = 0;
        foreach (var conversation in group)
        {
            if (conversation.LastResolutionSeconds is not null) closed++;
            if (conversation.Score is { } score && SatisfactionRating.IsScore(score)) distribution[score - SatisfactionRating.MinScore]++;
        }
        return new SatisfactionStats(closed, distribution);
    }
}

/// <summary>The figures of one day, agent or queue.</summary>
public sealed record ReportRow<TKey>(TKey Key, int Conversations, DurationStats FirstResponse, DurationStats Resolution, TargetShare WithinTarget,
    SatisfactionStats Satisfaction);

public sealed record Report(
    ReportRow<bool> Total,
    IReadOnlyList<ReportRow<DateOnly>> Days,
    int[,] Heatmap,
    IReadOnlyList<ReportRow<string?>> Agents,
    IReadOnlyList<ReportRow<int?>> Queues)
{
    public const int DaysInWeek = 7;
    public const int HoursInDay = 24;

    /// <summary>The heatmap's row of a day: Monday first.</summary>
    public static int WeekRow(DayOfWeek day) => ((int)day + 6) % DaysInWeek;
}

/// <summary>
/// Turns conversation facts into a report. Pure and in memory: the database part is reading the facts
/// (<see cref="ReportService"/>), so the definitions live in one place and are tested on fixed data.
/// </summary>
public static class ReportCalculator
{
    /// <param name="firstReplyTargets">Minutes per queue; queues without a target are absent.</param>
    /// <param name="now">Unanswered conversations whose target has not passed yet are not counted against it.</param>
    public static Report Calculate(IReadOnlyList<ConversationFacts> facts, ReportFilter filter, TimeZoneInfo zone,
        IReadOnlyDictionary<int, int> firstReplyTargets, DateTime now)
    {
        var heatmap = new int[Report.DaysInWeek, Report.HoursInDay];
        var byDay = new Dictionary<DateOnly, List<ConversationFacts>>();
        foreach (var conversation in facts)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(conversation.CreatedAt, DateTimeKind.Utc), zone);
            heatmap[Report.WeekRow(local.DayOfWeek), local.Hour]++;
            var day = DateOnly.FromDateTime(local);
            if (!byDay.TryGetValue(day, out var ofDay)) byDay[day] = ofDay = [];
            ofDay.Add(conversation);
        }

        ReportRow<TKey> Row<TKey>(TKey key, IReadOnlyCollection<ConversationFacts> group) => new(key, group.Count,
            DurationStats.Of(group.Where(c => c.FirstResponseSeconds is not null).Select(c => (double)c.FirstResponseSeconds!.Value).ToList()),
            DurationStats.Of(group.Where(c => c.ResolutionSeconds is not null).Select(c => (double)c.ResolutionSeconds!.Value).ToList()),
            WithinTarget(group, firstReplyTargets, now), SatisfactionStats.Of(group));

        var days = Enumerable.Range(0, filter.To.DayNumber - filter.From.DayNumber + 1)
            .Select(offset => filter.From.AddDays(offset))
            .Select(day => Row(day, byDay.GetValueOrDefault(day) ?? []))
            .ToList();
        // Busiest first; unassigned and no-queue rows last among equals.
        var agents = facts.GroupBy(c => c.OwnerId).Select(g => Row(g.Key, g.ToList()))
            .OrderByDescending(r => r.Conversations).ThenBy(r => r.Key is null).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var queues = facts.GroupBy(c => c.QueueId).Select(g => Row(g.Key, g.ToList()))
            .OrderByDescending(r => r.Conversations).ThenBy(r => r.Key is null).ThenBy(r => r.Key).ToList();
        return new Report(Row(true, facts), days, heatmap, agents, queues);
    }

    private static TargetShare WithinTarget(IEnumerable<ConversationFacts> group, IReadOnlyDictionary<int, int> targets, DateTime now)
    {
        int within = 0, measured = 0;
        foreach (var conversation in group)
        {
            if (conversation.QueueId is not { } queueId || !targets.TryGetValue(queueId, out var minutes)) continue;
            var target = TimeSpan.FromMinutes(minutes);
            if (conversation.FirstResponseSeconds is { } answeredAfter)
            {
                measured++;
                if (answeredAfter <= target.TotalSeconds) within++;
            }
            // Unanswered: a miss once the target has passed, unless it was closed as ignored (spam, wrong number).
            else if (conversation.FirstCustomerMessageAt is { } asked && conversation.Status != ConversationStatus.Ignored && now - asked > target)
            {
                measured++;
            }
        }
        return new TargetShare(within, measured);
    }
}
