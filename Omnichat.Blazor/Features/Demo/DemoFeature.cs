namespace Omnichat.Blazor.Features.Demo;

public static class DemoFeature
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }
}
