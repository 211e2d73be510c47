using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Files;

/// <summary>Accepted files carry their type; refused ones say why, in words the person can act on.</summary>
public sealed record FileVerdict(FileType? Type, string? Refusal)
{
    public bool IsAccepted => Refusal is null;
}

/// <summary>
/// The one gate every file passes, whoever sends it (agent, visitor, colleague, provider): the name's extension must be
/// on the allow-list, the content must really be that type, and the size must fit the destination channel.
/// </summary>
public sealed class FileValidator(IOptions<FileLimitOptions> options, IStringLocalizer<Strings> L)
{
    public const int MaxNameLength = 200;

    /// <summary>Real Office files have tens to a couple of thousand parts (large decks); more only makes sense as an attack.</summary>
    public const int MaxZipEntries = 5_000;

    /// <summary>
    /// How many times its own size an Office file may claim to unpack to. XML packs ten to thirty times; a zip bomb
    /// packs a thousand. Small files get <see cref="MinZipUnpackCeiling"/> so tiny documents are never suspect.
    /// </summary>
    public const int MaxZipExpansion = 100;

    private const long MinZipUnpackCeiling = 10 * FileSizes.Megabyte;

    private const int MaxContentTypesBytes = 1_000_000;
    private const int HeaderLength = 512;

    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipSignature = [(byte)'P', (byte)'K', 3, 4];
    private static readonly int[] BmpInfoHeaderSizes = [12, 40, 52, 56, 64, 108, 124];
    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"];

    /// <summary>Control characters a text file may not contain; tab, line breaks and form feed are fine.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0xA0).Select(i => (char)i)
            .Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
            .ToArray());

    public long MaxBytes(FileType type, ChannelKind channel) => options.Value.MaxBytes(channel, type);

    /// <summary>Checks only the name, so a caller can refuse before reading a byte.</summary>
    public FileVerdict CheckName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return Refuse("Files.Refused.NoName");
        if (fileName.Any(IsHiddenCharacter)) return Refuse("Files.Refused.HiddenCharacters", new string(fileName.Select(c => IsHiddenCharacter(c) ? '?' : c).ToArray()));
        if (fileName.IndexOfAny(['/', '\\', ':']) >= 0 || fileName is "." or "..") return Refuse("Files.Refused.Path", fileName);
        if (fileName.Length > MaxNameLength) return Refuse("Files.Refused.LongName", MaxNameLength);
        // Only the last extension counts, so "invoice.pdf.exe" is what it is: an executable.
        return FileType.FromFileName(fileName) is { } type ? new FileVerdict(type, null) : Refuse("Files.Refused.Type", fileName);
    }

    /// <summary>The refusal for a file over the channel's limit; <paramref name="actualBytes"/> is null when reading stopped at the limit.</summary>
    public string TooLarge(string fileName, FileType type, ChannelKind channel, long? actualBytes)
    {
        var limit = FileSizes.Format(MaxBytes(type, channel));
        var channelName = L[$"Files.Channel.{channel}"];
        return actualBytes is { } size
            ? L["Files.Refused.TooLarge", fileName, FileSizes.Format(size), channelName, limit]
            : L["Files.Refused.OverLimit", fileName, channelName, limit];
    }

    /// <summary>
    /// Validates <paramref name="content"/> from its current position. A stream that cannot seek is first copied to a
    /// temporary file (stopping at the limit), so nothing is ever held in memory whole.
    /// </summary>
    public async Task<FileVerdict> ValidateAsync(string fileName, Stream content, ChannelKind channel, CancellationToken ct = default)
    {
        var named = CheckName(fileName);
        if (named.Type is not { } type) return named;
        if (content.CanSeek) return await ValidateSeekableAsync(fileName, type, content, channel, ct);

        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (await FileSizes.CopyAtMostAsync(content, spool, MaxBytes(type, channel), hash: null, ct) is null)
            return new FileVerdict(null, TooLarge(fileName, type, channel, actualBytes: null));
        spool.Position = 0;
        return await ValidateSeekableAsync(fileName, type, spool, channel, ct);
    }

    private async Task<FileVerdict> ValidateSeekableAsync(string fileName, FileType type, Stream content, ChannelKind channel, CancellationToken ct)
    {
        var start = content.Position;
        var length = content.Length - start;
        if (length == 0) return Refuse("Files.Refused.Empty", fileName);
        if (length > MaxBytes(type, channel)) return new FileVerdict(null, TooLarge(fileName, type, channel, length));

        var header = new byte[HeaderLength];
        var headerLength = await content.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, ct);
        content.Position = start;
        var refusalKey = await CheckContentAsync(type.Kind, header.AsMemory(0, headerLength), content, ct);
        if (refusalKey is null && ImageContent.CanDecode(type.Kind))
        {
            content.Position = start;
            var problem = ImageContent.Check(content, options.Value.MaxImagePixels);
            content.Position = start;
            if (problem == ImageProblem.TooManyPixels) return Refuse("Files.Refused.TooManyPixels", fileName, options.Value.MaxImageMegapixels);
            if (problem == ImageProblem.Undecodable) refusalKey = "Files.Refused.Content";
        }
        return refusalKey is null
            ? new FileVerdict(type, null)
            : Refuse(refusalKey, fileName, L[$"Files.Kind.{type.Kind}"], MaxZipExpansion);
    }

    /// <summary>
    /// For a JPEG, PNG or WebP picture accepted by <see cref="ValidateAsync"/>: writes it again from its decoded pixels,
    /// without metadata (EXIF location), to <paramref name="target"/>.
    /// </summary>
    public void StripMetadata(FileType type, Stream accepted, Stream target)
    {
        if (ImageContent.Reencode(accepted, type.Kind, target, options.Value.MaxImagePixels) != ImageProblem.None)
            throw new InvalidDataException("A picture the validator accepted could not be decoded again.");
    }

    /// <summary>Returns the resource key of the refusal, or null when the content is what the extension says.</summary>
    private static async Task<string?> CheckContentAsync(FileKind kind, ReadOnlyMemory<byte> header, Stream content, CancellationToken ct)
    {
        var h = header.Span;
        var matches = kind switch
        {
            FileKind.Pdf => h.StartsWith("%PDF-"u8),
            FileKind.Doc or FileKind.Ppt or FileKind.Xls => h.StartsWith(OleSignature),
            FileKind.Docx or FileKind.Pptx or FileKind.Xlsx => h.StartsWith(ZipSignature),
            FileKind.Text => true,
            FileKind.Rtf => h.StartsWith(@"{\rtf"u8),
            FileKind.Jpeg => h.StartsWith(JpegSignature),
            FileKind.Png => h.StartsWith(PngSignature),
            FileKind.Gif => h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8),
            FileKind.Bmp => h.Length >= 18 && h.StartsWith("BM"u8) && BmpInfoHeaderSizes.Contains((int)BinaryPrimitives.ReadUInt32LittleEndian(h[14..])),
            FileKind.Webp => h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8),
            FileKind.Tiff => h.StartsWith("II*\0"u8) || h.StartsWith("MM\0*"u8) || h.StartsWith("II+\0"u8) || h.StartsWith("MM\0+"u8),
            FileKind.Heif => HasHeifBrand(h),
            _ => false,
        };
        if (!matches) return "Files.Refused.Content";
        return kind switch
        {
            FileKind.Text => await IsPlainTextAsync(content, ct) ? null : "Files.Refused.Content",
            FileKind.Docx => CheckOfficeZip(content, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            FileKind.Pptx => CheckOfficeZip(content, "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
            FileKind.Xlsx => CheckOfficeZip(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            FileKind.Doc => HasCompoundEntry(content, "WordDocument"),
            FileKind.Xls => HasCompoundEntry(content, "Workbook", "Book"),
            FileKind.Ppt => HasCompoundEntry(content, "PowerPoint Document"),
            _ => null,
        };
    }

    /// <summary>A compound file whose directory holds the main stream of the expected Office 97-2003 application.</summary>
    private static string? HasCompoundEntry(Stream content, params string[] mainStreamNames) =>
        CompoundFile.ReadEntryNames(content) is { } names && mainStreamNames.Any(names.Contains) ? null : "Files.Refused.Content";

    /// <summary>An ISO-BMFF file opening with an <c>ftyp</c> box whose major or a compatible brand is a HEIF brand.</summary>
    private static bool HasHeifBrand(ReadOnlySpan<byte> h)
    {
        if (h.Length < 16 || !h[4..8].SequenceEqual("ftyp"u8)) return false;
        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(h), h.Length);
        // The major brand sits at 8; compatible brands follow the minor version, from 16 to the end of the box.
        for (var offset = 8; offset + 4 <= boxEnd; offset += offset == 8 ? 8 : 4)
            if (HeifBrands.Contains(Encoding.ASCII.GetString(h.Slice(offset, 4))))
                return true;
        return false;
    }

    /// <summary>Valid UTF-8 without NULs or control characters other than tab, line breaks and form feed.</summary>
    private static async Task<bool> IsPlainTextAsync(Stream content, CancellationToken ct)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[16384];
        var chars = new char[bytes.Length + 1];
        try
        {
            int read;
            do
            {
                read = await content.ReadAsync(bytes, ct);
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                if (chars.AsSpan(0, count).ContainsAny(ControlCharacters)) return false;
            } while (read > 0);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// An Office Open XML package: a ZIP whose [Content_Types].xml declares the expected main part, and that part exists.
    /// Only the central directory and the small content-types part are read, with limits, so zip bombs stay packed.
    /// </summary>
    private static string? CheckOfficeZip(Stream content, string mainContentType)
    {
        try
        {
            // Counted from the end record first: a crafted directory of millions of entries is never parsed.
            if (ZipDirectory.DeclaredEntries(content) > MaxZipEntries) return "Files.Refused.TooManyParts";
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries) return "Files.Refused.TooManyParts";
            // Summed as decimal so crafted ZIP64 sizes cannot overflow into a small total.
            var unpackCeiling = Math.Max(MinZipUnpackCeiling, content.Length * MaxZipExpansion);
            if (zip.Entries.Any(e => e.Length < 0) || zip.Entries.Sum(e => (decimal)e.Length) > unpackCeiling) return "Files.Refused.Unpacks";

            var contentTypes = zip.GetEntry("[Content_Types].xml");
            if (contentTypes is null || contentTypes.Length > MaxContentTypesBytes) return "Files.Refused.Content";
            var mainPart = FindMainPart(contentTypes, mainContentType);
            return mainPart is not null && zip.GetEntry(mainPart.TrimStart('/')) is not null ? null : "Files.Refused.Content";
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException)
        {
            return "Files.Refused.Content";
        }
    }

    private static string? FindMainPart(ZipArchiveEntry contentTypes, string mainContentType)
    {
        // The declared length can lie; never read more than the limit whatever the entry says.
        using var bounded = new MemoryStream();
        using (var entry = contentTypes.Open())
        {
            var buffer = new byte[8192];
            int read;
            while ((read = entry.Read(buffer)) > 0)
            {
                if (bounded.Length + read > MaxContentTypesBytes) throw new InvalidDataException("[Content_Types].xml is too large.");
                bounded.Write(buffer, 0, read);
            }
        }
        bounded.Position = 0;
        using var xml = XmlReader.Create(bounded, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (xml.Read())
        {
            if (xml is { NodeType: XmlNodeType.Element, LocalName: "Override" }
                && string.Equals(xml.GetAttribute("ContentType"), mainContentType, StringComparison.OrdinalIgnoreCase))
                return xml.GetAttribute("PartName");
        }
        return null;
    }

    private static bool IsHiddenCharacter(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private FileVerdict Refuse(string key, params object[] arguments) => new(null, L[key, arguments]);
}
