using Omnichat.Blazor.Features.Channels;

namespace Omnichat.Blazor.Features.Files;

/// <summary>Size limit per destination channel, bound from <c>Omnichat:Files:Limits:&lt;ChannelKind&gt;</c>.</summary>
public sealed class FileLimitOptions
{
    public const string Section = "Omnichat:Files";

    /// <summary>Defaults follow the providers' own limits, so a file we accept is one the provider will deliver.</summary>
    public Dictionary<ChannelKind, ChannelFileLimit> Limits { get; set; } = new()
    {
        [ChannelKind.WhatsApp] = new() { DocumentMegabytes = 16, ImageMegabytes = 5 },
        [ChannelKind.Sms] = new() { DocumentMegabytes = 5, ImageMegabytes = 5 },
        [ChannelKind.Facebook] = new() { DocumentMegabytes = 25, ImageMegabytes = 25 },
        [ChannelKind.LiveChat] = new() { DocumentMegabytes = 20, ImageMegabytes = 20 },
        [ChannelKind.Internal] = new() { DocumentMegabytes = 50, ImageMegabytes = 50 },
    };

    /// <summary>
    /// Largest picture, in millions of pixels (all frames of an animation together). Decoding takes about 4 bytes a
    /// pixel, so this bounds the memory one picture can claim; phone photos are 12 to 50 megapixels.
    /// </summary>
    public int MaxImageMegapixels { get; set; } = 50;

    public long MaxImagePixels => MaxImageMegapixels * 1_000_000L;

    public long MaxBytes(ChannelKind channel, FileType type)
    {
        var limit = Limits.GetValueOrDefault(channel) ?? new ChannelFileLimit();
        return (type.IsImage ? limit.ImageMegabytes : limit.DocumentMegabytes) * FileSizes.Megabyte;
    }
}

public sealed class ChannelFileLimit
{
    public int DocumentMegabytes { get; set; }
    public int ImageMegabytes { get; set; }
}
