using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>A customer's wait in the inbox: minutes, then hours and minutes, then days and hours.</summary>
public static class WaitingTime
{
    public static string Format(TimeSpan waited, IStringLocalizer<Strings> L)
    {
        if (waited < TimeSpan.Zero) waited = TimeSpan.Zero;
        return waited.TotalDays >= 1 ? L["Window.DaysHours", (int)waited.TotalDays, waited.Hours]
            : waited.TotalHours >= 1 ? L["Window.HoursMinutes", (int)waited.TotalHours, waited.Minutes]
            : L["Look.Wait.Minutes", (int)waited.TotalMinutes];
    }
}
