using System.Security.Claims;
using Microsoft.Net.Http.Headers;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Files;

public static class FilesFeature
{
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<FileLimitOptions>(builder.Configuration.GetSection(FileLimitOptions.Section));
        builder.Services.AddSingleton<FileValidator>();
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddSingleton<Attachments>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{id:long}", DownloadAsync).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Serves a file to whoever may see its conversation; to anyone else it does not exist. Only pictures a browser
    /// renders safely are shown inline; the rest download, and nosniff keeps browsers from guessing another type.
    /// </summary>
    private static async Task<IResult> DownloadAsync(long id, ClaimsPrincipal user, FileStore files, HttpResponse response, CancellationToken ct)
    {
        var file = await files.FindVisibleAsync(id, Viewer.From(user), ct);
        if (file is null) return Results.NotFound();

        var showsInline = FileType.FromFileName(file.OriginalName)?.ShowsInline == true;
        var disposition = new ContentDispositionHeaderValue(showsInline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.OriginalName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private";
        return Results.File(files.PathOf(file), file.ContentType);
    }
}
