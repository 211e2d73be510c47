using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>The snooze presets, in UTC, worked out on the user's own wall clock: "tomorrow 09:00" is nine where they are.</summary>
public static class SnoozeTimes
{
    /// <summary>The hour a morning preset comes back at.</summary>
    public static readonly TimeSpan Morning = TimeSpan.FromHours(9);

    public static DateTime InOneHour(UserClock clock) => clock.UtcNow.AddHours(1);

    public static DateTime TomorrowMorning(UserClock clock) => clock.ToUtc(clock.Now.Date.AddDays(1) + Morning);

    /// <summary>Monday 09:00 of next week; on a Monday, a week from today.</summary>
    public static DateTime NextWeek(UserClock clock)
    {
        var today = clock.Now.Date;
        var days = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        return clock.ToUtc(today.AddDays(days == 0 ? 7 : days) + Morning);
    }
}
