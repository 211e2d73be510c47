using System.Globalization;

namespace Omnichat.Blazor.Features.Users;

/// <summary>
/// The signed-in person's clock: stored UTC times shown in their browser's time zone and their language's time format
/// (24-hour in Dutch), and times they pick turned back into UTC. One per console (scoped), set once per circuit by
/// <c>Routes</c> from the <see cref="Cookie"/> the page writes, so the prerendered page and the live one agree. Without
/// the cookie it follows the server's time zone.
/// </summary>
public sealed class UserClock(TimeProvider time)
{
    /// <summary>The browser's IANA time zone (such as Europe/Amsterdam), written by <c>js/timezone.js</c> on every page.</summary>
    public const string Cookie = "omnichat-tz";

    public TimeZoneInfo TimeZone { get; private set; } = TimeZoneInfo.Local;

    /// <summary>Takes the browser's time zone; an unknown or missing one leaves the clock as it was.</summary>
    public void Use(string? timeZoneId)
    {
        if (TryFind(timeZoneId) is { } zone) TimeZone = zone;
    }

    public static TimeZoneInfo? TryFind(string? timeZoneId) =>
        timeZoneId is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : null;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>The wall-clock time where the user is.</summary>
    public DateTime Now => ToLocal(UtcNow);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone);

    /// <summary>
    /// A wall-clock time the user picked, in UTC. A time the clocks skip (the hour summer time starts) counts as an hour
    /// later, as the clock on the wall would show it.
    /// </summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, TimeZone);
    }

    /// <summary>Lists and threads: today only the time, other days the date too (and the year, when it is not this one).</summary>
    public string Short(DateTime utc)
    {
        var local = ToLocal(utc);
        var today = Now.Date;
        return local.Date == today ? TimeOfDay(utc) : $"{Day(local, today)} {TimeOfDay(utc)}";
    }

    /// <summary>A moment to come or gone, with its weekday: "Mon 30 Nov 09:00".</summary>
    public string Full(DateTime utc)
    {
        var local = ToLocal(utc);
        return $"{local.ToString("ddd", CultureInfo.CurrentCulture)} {Day(local, Now.Date)} {TimeOfDay(utc)}";
    }

    /// <summary>Only the time of day, in the language's own format: 24-hour in Dutch.</summary>
    public string TimeOfDay(DateTime utc) => ToLocal(utc).ToString(CultureInfo.CurrentCulture.DateTimeFormat.ShortTimePattern, CultureInfo.CurrentCulture);

    private static string Day(DateTime local, DateTime today) =>
        local.ToString(local.Year == today.Year ? "d MMM" : "d MMM yyyy", CultureInfo.CurrentCulture);
}
