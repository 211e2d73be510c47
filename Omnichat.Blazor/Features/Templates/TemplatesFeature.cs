namespace Omnichat.Blazor.Features.Templates;

public static class TemplatesFeature
{
    public static IHostApplicationBuilder AddTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TemplateService>();
        return builder;
    }
}
