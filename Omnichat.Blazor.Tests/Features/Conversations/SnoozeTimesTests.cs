using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class SnoozeTimesTests
{
    private static UserClock ClockAt(DateTimeOffset utc, string timeZone)
    {
        var clock = new UserClock(new FakeTimeProvider(utc));
        clock.Use(timeZone);
        return clock;
    }

    [Fact]
    public void Presets_are_nine_in_the_morning_on_the_users_own_clock()
    {
        // Thursday 26 November 2026, 23:30 in Amsterdam (22:30 UTC), 17:30 in New York.
        var now = new DateTimeOffset(2026, 11, 26, 22, 30, 0, TimeSpan.Zero);
        var amsterdam = ClockAt(now, "Europe/Amsterdam");
        var newYork = ClockAt(now, "America/New_York");

        Assert.Equal(now.UtcDateTime.AddHours(1), SnoozeTimes.InOneHour(amsterdam));
        // Friday 09:00 in Amsterdam is 08:00 UTC; in New York it is 14:00 UTC.
        Assert.Equal(new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc), SnoozeTimes.TomorrowMorning(amsterdam));
        Assert.Equal(new DateTime(2026, 11, 27, 14, 0, 0, DateTimeKind.Utc), SnoozeTimes.TomorrowMorning(newYork));
        // Next week: Monday 30 November, 09:00.
        Assert.Equal(new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), SnoozeTimes.NextWeek(amsterdam));
    }

    [Fact]
    public void Next_week_on_a_Monday_is_a_week_away_and_on_a_Sunday_is_tomorrow()
    {
        var monday = ClockAt(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), "Europe/Amsterdam");
        var sunday = ClockAt(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero), "Europe/Amsterdam");

        Assert.Equal(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc), SnoozeTimes.NextWeek(monday));
        Assert.Equal(new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), SnoozeTimes.NextWeek(sunday));
    }
}
