using SkiaSharp;

namespace Omnichat.Blazor.Features.Files;

public enum ImageProblem
{
    None,
    /// <summary>Not a picture a decoder can read to the end: truncated, corrupt, or junk behind a valid header.</summary>
    Undecodable,
    /// <summary>Claims more pixels than allowed: decoding it would take gigabytes (a decompression bomb).</summary>
    TooManyPixels,
}

/// <summary>
/// Pictures are decoded in full before they are accepted, and the ones we can write again are re-encoded from the
/// decoded pixels, so what is kept holds only the picture: no EXIF (GPS location, camera serial), no comments, no
/// trailing bytes. Uses SkiaSharp, which decodes JPEG, PNG, GIF, BMP and WebP and encodes JPEG, PNG and WebP.
/// </summary>
public static class ImageContent
{
    private const int JpegQuality = 90;
    private const int WebpQuality = 90;

    // A picture allowed by the pixel limit can still take a few hundred megabytes decoded, from a file of a few
    // kilobytes: at most this many are decoded at once, whoever sends them, so a burst cannot exhaust the memory.
    private static readonly SemaphoreSlim decoding = new(Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>Kinds SkiaSharp decodes; TIFF and HEIF have no decoder here and keep the header check only.</summary>
    public static bool CanDecode(FileKind kind) => kind is FileKind.Jpeg or FileKind.Png or FileKind.Gif or FileKind.Bmp or FileKind.Webp;

    /// <summary>Kinds that are written again without their metadata. GIF keeps its animation and BMP has no metadata, so both stay as sent.</summary>
    public static bool CanReencode(FileKind kind) => kind is FileKind.Jpeg or FileKind.Png or FileKind.Webp;

    /// <summary>Decodes every pixel of the picture in <paramref name="content"/> (from its position), refusing more than <paramref name="maxPixels"/>.</summary>
    public static ImageProblem Check(Stream content, long maxPixels)
    {
        decoding.Wait();
        try
        {
            var (bitmap, _, problem) = Decode(content, maxPixels);
            bitmap?.Dispose();
            return problem;
        }
        finally
        {
            decoding.Release();
        }
    }

    /// <summary>
    /// Writes the picture in <paramref name="content"/> to <paramref name="target"/> from its decoded pixels, turned
    /// upright as its EXIF orientation said (the orientation goes with the rest of the metadata).
    /// </summary>
    public static ImageProblem Reencode(Stream content, FileKind kind, Stream target, long maxPixels)
    {
        decoding.Wait();
        try
        {
            return ReencodeDecoded(content, kind, target, maxPixels);
        }
        finally
        {
            decoding.Release();
        }
    }

    private static ImageProblem ReencodeDecoded(Stream content, FileKind kind, Stream target, long maxPixels)
    {
        var (decoded, origin, problem) = Decode(content, maxPixels);
        if (decoded is null) return problem;
        using var upright = Upright(decoded, origin);
        using var pixels = upright.PeekPixels();
        var written = kind switch
        {
            FileKind.Jpeg => pixels.Encode(target, new SKJpegEncoderOptions(JpegQuality)),
            FileKind.Png => pixels.Encode(target, new SKPngEncoderOptions()),
            FileKind.Webp => pixels.Encode(target, new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebpQuality)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only JPEG, PNG and WebP are re-encoded."),
        };
        return written ? ImageProblem.None : ImageProblem.Undecodable;
    }

    private static (SKBitmap? Bitmap, SKEncodedOrigin Origin, ImageProblem Problem) Decode(Stream content, long maxPixels)
    {
        // The codec owns what it reads from; the caller keeps its stream open.
        using var codec = SKCodec.Create(new SKManagedStream(content, disposeManagedStream: false), out var opened);
        if (codec is null || opened != SKCodecResult.Success) return (null, default, ImageProblem.Undecodable);
        var info = codec.Info;
        // Decided from the header, before a byte of pixels is allocated. Every frame of an animation counts.
        var frames = Math.Max(1, codec.FrameCount);
        if (info.Width <= 0 || info.Height <= 0) return (null, default, ImageProblem.Undecodable);
        if ((long)info.Width * info.Height * frames > maxPixels) return (null, default, ImageProblem.TooManyPixels);
        // A frame whose data stops early is reported as not fully received; only the first frame is decoded below.
        if (codec.FrameInfo.Any(f => !f.FullyRecieved)) return (null, default, ImageProblem.Undecodable);

        var bitmap = new SKBitmap(info.WithColorType(SKImageInfo.PlatformColorType).WithAlphaType(SKAlphaType.Premul));
        // Anything but a complete decode (IncompleteInput for a truncated file, InvalidInput for junk) is refused.
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return (null, default, ImageProblem.Undecodable);
        }
        return (bitmap, codec.EncodedOrigin, ImageProblem.None);
    }

    /// <summary>The bitmap turned as its EXIF orientation says; takes ownership of <paramref name="bitmap"/>.</summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft) return bitmap;
        float w = bitmap.Width, h = bitmap.Height;
        // x' = ScaleX·x + SkewX·y + TransX, y' = SkewY·x + ScaleY·y + TransY, per EXIF orientation 2 to 8.
        var (matrix, swaps) = origin switch
        {
            SKEncodedOrigin.TopRight => (new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1), false),
            SKEncodedOrigin.BottomRight => (new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), false),
            SKEncodedOrigin.BottomLeft => (new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1), false),
            SKEncodedOrigin.LeftTop => (new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1), true),
            SKEncodedOrigin.RightTop => (new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1), true),
            SKEncodedOrigin.RightBottom => (new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1), true),
            SKEncodedOrigin.LeftBottom => (new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), true),
            _ => (SKMatrix.Identity, false),
        };
        var turned = new SKBitmap(swaps ? bitmap.Height : bitmap.Width, swaps ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType);
        using (var canvas = new SKCanvas(turned))
        {
            canvas.SetMatrix(matrix);
            canvas.DrawBitmap(bitmap, 0, 0);
        }
        bitmap.Dispose();
        return turned;
    }
}
