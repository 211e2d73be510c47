using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Users;

public class UserClockTests
{
    // Thursday 26 November 2026, 20:30 UTC: winter time, 21:30 in Amsterdam, 15:30 in New York, the next morning in Tokyo.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 20, 30, 0, TimeSpan.Zero);

    private static UserClock ClockIn(string timeZone)
    {
        var clock = new UserClock(new FakeTimeProvider(Now));
        clock.Use(timeZone);
        return clock;
    }

    private static void Speak(string language) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);

    [Fact]
    public void A_stored_time_shows_in_the_browsers_time_zone_not_the_servers()
    {
        Speak("nl");
        var stored = Now.UtcDateTime.AddMinutes(-25); // 20:05 UTC

        Assert.Equal("21:05", ClockIn("Europe/Amsterdam").Short(stored));
        Assert.Equal("15:05", ClockIn("America/New_York").Short(stored));
        // Already tomorrow in Tokyo, where it is 05:30 on the 27th: the message is from today there too.
        Assert.Equal("05:05", ClockIn("Asia/Tokyo").Short(stored));
    }

    [Fact]
    public void Dutch_shows_24_hour_times_and_English_its_own_format()
    {
        var clock = ClockIn("Europe/Amsterdam");
        var evening = Now.UtcDateTime; // 21:30 in Amsterdam

        Speak("nl");
        Assert.Equal("21:30", clock.TimeOfDay(evening));
        Speak("en");
        Assert.Contains("9:30", clock.TimeOfDay(evening));
        Assert.Contains("PM", clock.TimeOfDay(evening));
    }

    [Fact]
    public void Another_day_shows_its_date_and_another_year_its_year()
    {
        Speak("nl");
        var clock = ClockIn("Europe/Amsterdam");

        Assert.Equal("25 nov 21:30", clock.Short(Now.UtcDateTime.AddDays(-1)).Replace(".", ""));
        Assert.Equal("26 nov 2025 21:30", clock.Short(Now.UtcDateTime.AddYears(-1)).Replace(".", ""));
        // Just before midnight in Amsterdam but already the next day in UTC: the day is Amsterdam's.
        Assert.Equal("23:59", clock.Short(new DateTime(2026, 11, 26, 22, 59, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_time_the_user_picks_is_their_wall_clock_time()
    {
        var clock = ClockIn("Europe/Amsterdam");

        Assert.Equal(new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), clock.ToUtc(new DateTime(2026, 11, 30, 9, 0, 0)));
        // Summer time: two hours ahead of UTC.
        Assert.Equal(new DateTime(2026, 6, 1, 7, 0, 0, DateTimeKind.Utc), clock.ToUtc(new DateTime(2026, 6, 1, 9, 0, 0)));
        // 02:30 on the night summer time starts does not exist in Amsterdam: it counts as 03:30, as the clocks show it.
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), clock.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0)));
    }

    [Fact]
    public void An_unknown_time_zone_leaves_the_clock_where_it_was()
    {
        var clock = ClockIn("Europe/Amsterdam");

        clock.Use("Mars/Olympus_Mons");
        clock.Use(null);

        Assert.Equal("Europe/Amsterdam", clock.TimeZone.Id);
    }
}
