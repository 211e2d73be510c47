using System.Globalization;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Reports;

/// <summary>A report table exactly as the page shows it; its CSV export writes these same headers and cells.</summary>
public sealed record ReportTable(string Key, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The report's tables, in the reader's language. The page and the CSV export both use these.</summary>
public static class ReportTables
{
    public const string Days = "days";
    public const string Agents = "agents";
    public const string Queues = "queues";
    public const string Satisfaction = "satisfaction";
    public static readonly IReadOnlyList<string> Keys = [Days, Agents, Queues, Satisfaction];

    public static ReportTable Build(string key, ReportResult result, IStringLocalizer<Strings> L, CultureInfo culture) => key switch
    {
        Days => Table(key, L["Reports.Table.Days"], L["Reports.Column.Day"], result.Report.Days,
            day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), L, culture),
        Agents => Table(key, L["Reports.Table.Agents"], L["Reports.Column.Agent"], result.Report.Agents, agent => AgentName(agent, result, L), L, culture),
        Queues => Table(key, L["Reports.Table.Queues"], L["Reports.Column.Queue"], result.Report.Queues,
            queue => queue is { } id ? result.QueueNames.GetValueOrDefault(id) ?? L["Reports.FormerQueue"] : L["Reports.NoQueue"], L, culture),
        Satisfaction => SatisfactionTable(result, L, culture),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "No such report table."),
    };

    private static ReportTable Table<TKey>(string key, string title, string keyHeader, IEnumerable<ReportRow<TKey>> rows, Func<TKey, string> name,
        IStringLocalizer<Strings> L, CultureInfo culture) =>
        new(key, title,
            [
                keyHeader, L["Reports.Column.Conversations"], L["Reports.Column.FirstResponseMedian"], L["Reports.Column.FirstResponseP90"],
                L["Reports.Column.ResolutionMedian"], L["Reports.Column.ResolutionP90"], L["Reports.Column.WithinTarget"],
            ],
            rows.Select(row => (IReadOnlyList<string>)
            [
                name(row.Key), row.Conversations.ToString(culture), Duration(row.FirstResponse.MedianSeconds), Duration(row.FirstResponse.P90Seconds),
                Duration(row.Resolution.MedianSeconds), Duration(row.Resolution.P90Seconds), Share(row.WithinTarget, culture),
            ]).ToList());

    private static string AgentName(string? agent, ReportResult result, IStringLocalizer<Strings> L) =>
        agent is null ? L["Reports.Unassigned"] : result.AgentNames.GetValueOrDefault(agent) ?? L["Reports.FormerUser"];

    /// <summary>CSAT per agent, of the same rows as the agents table.</summary>
    private static ReportTable SatisfactionTable(ReportResult result, IStringLocalizer<Strings> L, CultureInfo culture) =>
        new(Satisfaction, L["Reports.Table.Satisfaction"],
            [
                L["Reports.Column.Agent"], L["Reports.Column.Closed"], L["Reports.Column.Ratings"], L["Reports.Column.ResponseRate"],
                L["Reports.Column.AverageScore"], L["Reports.Column.Csat"],
            ],
            result.Report.Agents.Select(row => (IReadOnlyList<string>)
            [
                AgentName(row.Key, result, L), row.Satisfaction.Closed.ToString(culture), row.Satisfaction.Ratings.ToString(culture),
                Percent(row.Satisfaction.ResponseRate, culture), Score(row.Satisfaction.Average, culture), Percent(row.Satisfaction.Csat, culture),
            ]).ToList());

    /// <summary>Hours, minutes and seconds ("1:05:00"): readable, and understood as a duration by spreadsheets. Empty when there is nothing to measure.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } value) return "";
        var total = (long)Math.Round(value);
        return string.Create(CultureInfo.InvariantCulture, $"{total / 3600}:{total / 60 % 60:00}:{total % 60:00}");
    }

    public static string Share(TargetShare share, CultureInfo culture) => Percent(share.Share, culture);

    /// <summary>A fraction as a percentage with one decimal; empty when there is nothing to divide.</summary>
    public static string Percent(double? fraction, CultureInfo culture) => fraction is { } value ? value.ToString("P1", culture) : "";

    /// <summary>An average score with two decimals ("4.25"); empty without ratings.</summary>
    public static string Score(double? average, CultureInfo culture) => average is { } value ? value.ToString("0.00", culture) : "";
}
