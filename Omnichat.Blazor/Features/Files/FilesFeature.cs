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
        builder.Services.AddSingleton<OutboundMediaLimits>();
        builder.Services.AddSingleton<MediaLinks>();
        builder.Services.AddSingleton<DraftFiles>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{id:long}", DownloadAsync).RequireAuthorization();
        app.MapGet("/media/{token}", MediaAsync).AllowAnonymous();
        return app;
    }

    /// <summary>Serves an outgoing message's file to the provider that fetches it, while its signed link is valid.</summary>
    private static async Task<IResult> MediaAsync(string token, MediaLinks links, FileStore files, HttpResponse response, CancellationToken ct)
    {
        var file = await links.ResolveAsync(token, ct);
        if (file is null) return Results.NotFound();
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(files.PathOf(file), file.ContentType, file.OriginalName);
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
