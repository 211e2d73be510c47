namespace Omnichat.Blazor.Features.Supervision;

/// <summary>A running duration as a clock reads it, the same in every language: 0:42, 12:05, 1:03:09.</summary>
public static class WaitTime
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) duration = TimeSpan.Zero;
        return duration.TotalHours >= 1
            ? $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}"
            : $"{duration.Minutes}:{duration.Seconds:00}";
    }
}
