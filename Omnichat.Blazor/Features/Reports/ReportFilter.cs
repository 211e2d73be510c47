using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Reports;

/// <summary>
/// What a report covers: the days from <see cref="From"/> to <see cref="To"/> (both included, in the reader's time zone)
/// and the optional narrowing. A new filter is one property here, one line in <see cref="Apply"/> and one in the query
/// string pair (<see cref="ToQuery"/>, <see cref="TryParse"/>).
/// </summary>
public sealed record ReportFilter(DateOnly From, DateOnly To, int? QueueId = null, ChannelKind? Channel = null, string? AgentId = null,
    int? LabelId = null)
{
    /// <summary>The longest range one report covers; longer ones are refused, not cut short.</summary>
    public const int MaxDays = 366;

    public bool IsValid => From <= To && To.DayNumber - From.DayNumber < MaxDays;

    public IQueryable<Conversation> Apply(IQueryable<Conversation> conversations)
    {
        if (QueueId is { } queueId) conversations = conversations.Where(c => c.QueueId == queueId);
        if (Channel is { } channel) conversations = conversations.Where(c => c.Channel == channel);
        if (AgentId is { } agentId) conversations = conversations.Where(c => c.OwnerId == agentId);
        if (LabelId is { } labelId) conversations = conversations.Where(c => c.Labels.Any(l => l.LabelId == labelId));
        return conversations;
    }

    /// <summary>The UTC instants that bound the range's days in <paramref name="zone"/>: from the first day's midnight to the one after the last day.</summary>
    public (DateTime Start, DateTime End) UtcBounds(TimeZoneInfo zone) => (StartOfDay(From, zone), StartOfDay(To.AddDays(1), zone));

    private static DateTime StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where the clocks jump forward at midnight, the day starts at the first hour that exists.
        while (zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }

    public Dictionary<string, string?> ToQuery(TimeZoneInfo zone) => new()
    {
        ["from"] = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["queue"] = QueueId?.ToString(CultureInfo.InvariantCulture),
        ["channel"] = Channel?.ToString(),
        ["agent"] = AgentId,
        ["label"] = LabelId?.ToString(CultureInfo.InvariantCulture),
        ["tz"] = zone.Id,
    };

    public string ToQueryString(TimeZoneInfo zone) =>
        QueryHelpers.AddQueryString("", ToQuery(zone).Where(p => p.Value is not null));

    /// <summary>Reads a filter and time zone back from a query string; null when any part is missing or not understood.</summary>
    public static (ReportFilter Filter, TimeZoneInfo Zone)? TryParse(IQueryCollection query)
    {
        if (!DateOnly.TryParseExact(query["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(query["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(query["tz"].ToString(), out var zone))
            return null;
        if (!TryParseId(query["queue"], out var queueId) || !TryParseId(query["label"], out var labelId)) return null;
        ChannelKind? channel = null;
        if (query["channel"].ToString() is { Length: > 0 } channelName)
        {
            if (!Enum.TryParse<ChannelKind>(channelName, out var kind) || !Enum.IsDefined(kind) || kind == ChannelKind.Internal) return null;
            channel = kind;
        }
        var agent = query["agent"].ToString() is { Length: > 0 } agentId ? agentId : null;
        var filter = new ReportFilter(from, to, queueId, channel, agent, labelId);
        return filter.IsValid ? (filter, zone) : null;
    }

    /// <summary>An optional number: absent is null, anything else must be a whole number.</summary>
    private static bool TryParseId(string? text, out int? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        id = parsed;
        return true;
    }
}
