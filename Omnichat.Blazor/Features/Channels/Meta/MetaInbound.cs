using System.Text.Json.Nodes;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>The files a stored Meta message carries, as both the parser and the media download read them.</summary>
public static class MetaInbound
{
    /// <summary>WhatsApp message types that carry one file, by Graph media id.</summary>
    public static readonly string[] WhatsAppMediaTypes = ["image", "document", "audio", "video", "sticker"];

    /// <summary>Messenger attachment types that carry a file at a URL.</summary>
    private static readonly Dictionary<string, string> MessengerFileTypes = new()
    {
        ["image"] = "image/jpeg", ["video"] = "video/mp4", ["audio"] = "audio/mpeg", ["file"] = "application/octet-stream",
    };

    /// <summary>A file to fetch: from a URL (Messenger) or by Graph media id (WhatsApp).</summary>
    public sealed record MediaFile(string Name, string? Url, string? MediaId);

    public static List<MediaFile> MessengerFiles(JsonNode message)
    {
        var files = new List<MediaFile>();
        foreach (var attachment in message["attachments"]?.AsArray() ?? [])
        {
            var type = (string?)attachment?["type"] ?? "";
            if (!MessengerFileTypes.TryGetValue(type, out var contentType) || (string?)attachment!["payload"]?["url"] is not { } url) continue;
            files.Add(new(NameFromUrl(url) ?? Files.Attachments.NameFor(contentType, files.Count), url, null));
        }
        return files;
    }

    public static MediaFile? WhatsAppFile(JsonNode message)
    {
        var type = (string?)message["type"] ?? "";
        if (!WhatsAppMediaTypes.Contains(type) || message[type] is not { } media || (string?)media["id"] is not { } id) return null;
        var name = (string?)media["filename"] is { Length: > 0 } filename ? filename : Files.Attachments.NameFor((string?)media["mime_type"] ?? "", 0);
        return new(name, null, id);
    }

    /// <summary>Messenger's file URLs end in the file's name (<c>.../report.pdf?...</c>); a picture's in a generated one.</summary>
    private static string? NameFromUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && Uri.UnescapeDataString(uri.Segments[^1]) is var last && Path.HasExtension(last) ? last : null;
}
