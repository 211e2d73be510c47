namespace Omnichat.Blazor.Features.Notes;

public static class NotesFeature
{
    public static IHostApplicationBuilder AddNotes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PrivateNotes>();
        return builder;
    }
}
