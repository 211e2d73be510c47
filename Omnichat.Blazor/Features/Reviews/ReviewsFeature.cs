namespace Omnichat.Blazor.Features.Reviews;

public static class ReviewsFeature
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReviewNotes>();
        return builder;
    }
}
