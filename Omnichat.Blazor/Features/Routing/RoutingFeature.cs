namespace Omnichat.Blazor.Features.Routing;

public static class RoutingFeature
{
    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgentPresence>();
        builder.Services.AddSingleton<AssignmentPlanner>();
        builder.Services.AddSingleton<OfferWidening>();
        builder.Services.AddSingleton<OfferReplanning>();
        builder.Services.AddHostedService<LiveRouting>();
        builder.Services.AddScoped<CapacityPrompt>();
        builder.Services.AddSingleton<QueueAdmin>();
        builder.Services.AddHostedService<OfferTimeoutWorker>();
        return builder;
    }
}
