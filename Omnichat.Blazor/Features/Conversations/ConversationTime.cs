namespace Omnichat.Blazor.Features.Conversations;

/// <summary>Short, readable times for lists and threads: today only the clock, earlier the date too.</summary>
public static class ConversationTime
{
    public static string Short(DateTime utc, DateTime nowUtc)
    {
        var local = DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime();
        return local.Date == DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc).ToLocalTime().Date
            ? local.ToString("HH:mm")
            : local.ToString("d MMM HH:mm");
    }
}
