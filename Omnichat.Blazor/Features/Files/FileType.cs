namespace Omnichat.Blazor.Features.Files;

/// <summary>The kinds of file Omnichat accepts; each has its own content check.</summary>
public enum FileKind
{
    Pdf,
    Doc,
    Docx,
    Ppt,
    Pptx,
    Xls,
    Xlsx,
    Text,
    Rtf,
    Jpeg,
    Png,
    Gif,
    Bmp,
    Webp,
    Tiff,
    Heif,
}

/// <param name="ContentType">What downloads are served as; never taken from the sender.</param>
/// <param name="IsImage">Images have their own (smaller) size limit on some channels.</param>
/// <param name="ShowsInline">Browsers render these safely as pictures; everything else downloads as an attachment.</param>
public sealed record FileType(FileKind Kind, string ContentType, bool IsImage = false, bool ShowsInline = false)
{
    /// <summary>The allow-list, by lower-case extension without the dot.</summary>
    public static readonly IReadOnlyDictionary<string, FileType> ByExtension = BuildAllowList();

    /// <summary>The allow-list as a file picker's <c>accept</c> attribute: the picker offers only files Omnichat takes.</summary>
    public static readonly string AcceptAttribute = string.Join(",", ByExtension.Keys.Select(extension => "." + extension));

    public static FileType? FromFileName(string fileName) =>
        ByExtension.GetValueOrDefault(Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant());

    private static Dictionary<string, FileType> BuildAllowList()
    {
        var jpeg = new FileType(FileKind.Jpeg, "image/jpeg", IsImage: true, ShowsInline: true);
        var tiff = new FileType(FileKind.Tiff, "image/tiff", IsImage: true);
        var heif = new FileType(FileKind.Heif, "image/heif", IsImage: true);
        return new Dictionary<string, FileType>
        {
            ["pdf"] = new(FileKind.Pdf, "application/pdf"),
            ["doc"] = new(FileKind.Doc, "application/msword"),
            ["docx"] = new(FileKind.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ["ppt"] = new(FileKind.Ppt, "application/vnd.ms-powerpoint"),
            ["pptx"] = new(FileKind.Pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            ["xls"] = new(FileKind.Xls, "application/vnd.ms-excel"),
            ["xlsx"] = new(FileKind.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ["txt"] = new(FileKind.Text, "text/plain; charset=utf-8"),
            ["rtf"] = new(FileKind.Rtf, "application/rtf"),
            ["jpg"] = jpeg,
            ["jpeg"] = jpeg,
            ["png"] = new(FileKind.Png, "image/png", IsImage: true, ShowsInline: true),
            ["gif"] = new(FileKind.Gif, "image/gif", IsImage: true, ShowsInline: true),
            ["bmp"] = new(FileKind.Bmp, "image/bmp", IsImage: true, ShowsInline: true),
            ["webp"] = new(FileKind.Webp, "image/webp", IsImage: true, ShowsInline: true),
            ["tif"] = tiff,
            ["tiff"] = tiff,
            ["heif"] = heif,
            ["heic"] = heif,
        };
    }
}
