namespace Omnichat.Blazor.Features.Notifications;

public static class NotificationsFeature
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatSettings>();
        builder.Services.AddSingleton<NotificationFeed>();
        return builder;
    }
}
