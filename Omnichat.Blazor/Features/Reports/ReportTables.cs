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
    public static readonly IReadOnlyList<string> Keys = [Days, Agents, Queues];

    public static ReportTable Build(string key, ReportResult result, IStringLocalizer<Strings> L, CultureInfo culture) => key switch
    {
        Days => Table(key, L["Reports.Table.Days"], L["Reports.Column.Day"], result.Report.Days,
            day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), L, culture),
        Agents => Table(key, L["Reports.Table.Agents"], L["Reports.Column.Agent"], result.Report.Agents,
            agent => agent is null ? L["Reports.Unassigned"] : result.AgentNames.GetValueOrDefault(agent) ?? L["Reports.FormerUser"], L, culture),
        Queues => Table(key, L["Reports.Table.Queues"], L["Reports.Column.Queue"], result.Report.Queues,
            queue => queue is { } id ? result.QueueNames.GetValueOrDefault(id) ?? L["Reports.FormerQueue"] : L["Reports.NoQueue"], L, culture),
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

    /// <summary>Hours, minutes and seconds ("1:05:00"): readable, and understood as a duration by spreadsheets. Empty when there is nothing to measure.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } value) return "";
        var total = (long)Math.Round(value);
        return string.Create(CultureInfo.InvariantCulture, $"{total / 3600}:{total / 60 % 60:00}:{total % 60:00}");
    }

    public static string Share(TargetShare share, CultureInfo culture) => share.Share is { } fraction ? fraction.ToString("P1", culture) : "";
}
