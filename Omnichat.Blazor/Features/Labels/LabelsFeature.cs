namespace Omnichat.Blazor.Features.Labels;

public static class LabelsFeature
{
    public static IHostApplicationBuilder AddLabels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LabelAdmin>();
        builder.Services.AddSingleton<ConversationLabels>();
        return builder;
    }
}
