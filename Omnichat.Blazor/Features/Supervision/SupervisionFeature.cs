namespace Omnichat.Blazor.Features.Supervision;

public static class SupervisionFeature
{
    public static IHostApplicationBuilder AddSupervision(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveQueueQuery>();
        return builder;
    }
}
