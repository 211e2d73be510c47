using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Omnichat.Blazor.Tests.Features.Files;

/// <summary>Small but real files of every allowed type, and the raw material for hostile ones, built in code.</summary>
public static class FileSamples
{
    public const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    public const string PowerPointMain = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
    public const string ExcelMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    public static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\n" +
        "trailer <</Root 1 0 R>>\n%%EOF\n");

    /// <summary>
    /// An OLE compound file (DOC, XLS, PPT) with 512-byte sectors: header, one FAT sector, then a directory chain holding
    /// the root, <paramref name="fillerEntries"/> unrelated streams and <paramref name="streamName"/>.
    /// </summary>
    public static byte[] CompoundFile(string streamName, int fillerEntries = 0)
    {
        const uint free = 0xFFFFFFFF, endOfChain = 0xFFFFFFFE, fatSector = 0xFFFFFFFD;
        var names = new[] { "Root Entry" }.Concat(Enumerable.Range(0, fillerEntries).Select(i => $"Filler{i}")).Append(streamName).ToList();
        var directorySectors = (names.Count + 3) / 4;
        var file = new byte[512 * (2 + directorySectors)];
        var span = file.AsSpan();

        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[24..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(span[30..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(span[44..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[48..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[56..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(span[60..], endOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(span[68..], endOfChain);
        for (var i = 0; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(span[(76 + 4 * i)..], i == 0 ? 0 : free);

        var fat = span.Slice(512, 512);
        for (var i = 0; i < 128; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(4 * i)..],
                i == 0 ? fatSector : i < directorySectors ? (uint)i + 1 : i == directorySectors ? endOfChain : free);

        for (var i = 0; i < names.Count; i++)
        {
            var entry = span.Slice(1024 + 128 * i, 128);
            var name = Encoding.Unicode.GetBytes(names[i]);
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)(name.Length + 2));
            entry[66] = (byte)(i == 0 ? 5 : 2);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], free);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], free);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], free);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[116..], endOfChain);
        }
        return file;
    }

    /// <summary>Only the 512-byte compound file header, with no FAT or directory behind it.</summary>
    public static byte[] CompoundFileHeaderOnly() => CompoundFile("WordDocument")[..512];

    public static byte[] Docx() => OfficeZip("word/document.xml", WordMain);
    public static byte[] Pptx() => OfficeZip("ppt/presentation.xml", PowerPointMain);
    public static byte[] Xlsx() => OfficeZip("xl/workbook.xml", ExcelMain);

    /// <summary>An Office Open XML package: [Content_Types].xml naming the main part, the relationships and the part itself.</summary>
    public static byte[] OfficeZip(string mainPart, string mainContentType, int extraEntries = 0, IEnumerable<(string Name, byte[] Content)>? more = null)
    {
        var entries = new List<(string, byte[])>
        {
            ("[Content_Types].xml", Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                $"<Override PartName=\"/{mainPart}\" ContentType=\"{mainContentType}\"/></Types>")),
            ("_rels/.rels", Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"{mainPart}\"/>" +
                "</Relationships>")),
            (mainPart, Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>")),
        };
        entries.AddRange(Enumerable.Range(0, extraEntries).Select(i => ($"customXml/item{i}.xml", Encoding.UTF8.GetBytes("<a/>"))));
        if (more is not null) entries.AddRange(more);
        return Zip(entries);
    }

    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A valid Word package plus one part of <paramref name="zeroBytes"/> zeros: tiny packed, huge unpacked.</summary>
    public static byte[] ZipBombDocx(long zeroBytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var original = new ZipArchive(new MemoryStream(Docx())))
                foreach (var entry in original.Entries)
                {
                    using var source = entry.Open();
                    using var target = zip.CreateEntry(entry.FullName).Open();
                    source.CopyTo(target);
                }
            using var bomb = zip.CreateEntry("word/media/padding.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (long written = 0; written < zeroBytes; written += zeros.Length)
                bomb.Write(zeros, 0, (int)Math.Min(zeros.Length, zeroBytes - written));
        }
        return buffer.ToArray();
    }

    /// <summary>The ZIP with the central directory claiming <paramref name="declaredSize"/> unpacked bytes for one entry.</summary>
    /// <summary>The ZIP with its end record claiming <paramref name="entries"/> entries, whatever its directory holds.</summary>
    public static byte[] WithDeclaredEntryCount(byte[] zip, ushort entries)
    {
        var copy = zip.ToArray();
        for (var at = copy.Length - 22; at >= 0; at--)
        {
            if (BitConverter.ToUInt32(copy, at) != 0x06054b50) continue;
            BitConverter.TryWriteBytes(copy.AsSpan(at + 8), entries);
            BitConverter.TryWriteBytes(copy.AsSpan(at + 10), entries);
            return copy;
        }
        throw new ArgumentException("Not a ZIP.", nameof(zip));
    }

    public static byte[] WithDeclaredSize(byte[] zip, string entryName, uint declaredSize)
    {
        var patched = zip.ToArray();
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var at = 0; at + 46 + name.Length <= patched.Length; at++)
        {
            var header = patched.AsSpan(at);
            if (header.StartsWith("PK\u0001\u0002"u8) && header.Slice(46, name.Length).SequenceEqual(name)
                && BinaryPrimitives.ReadUInt16LittleEndian(header[28..]) == name.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header[24..], declaredSize);
                return patched;
            }
        }
        throw new ArgumentException($"{entryName} is not in the central directory.");
    }

    public static byte[] Rtf() => Encoding.ASCII.GetBytes(@"{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}} Hello \b world\b0.\par}");

    public static byte[] Text() => Encoding.UTF8.GetBytes("Hallo wereld — ünïcödé ✓\r\n\tSecond line\n\fNext page\n");

    /// <summary>A complete 1×1 JPEG.</summary>
    public static byte[] Jpeg() => Picture(1, 1, SKEncodedImageFormat.Jpeg);

    /// <summary>A picture of <paramref name="width"/>×<paramref name="height"/>: left half red, right half blue, so turning it shows.</summary>
    public static byte[] Picture(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            canvas.DrawRect(0, 0, Math.Max(1, width / 2), height, new SKPaint { Color = SKColors.Red });
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with an EXIF block right after its start marker, as phones write it: an orientation
    /// (6: turn 90° clockwise to show) and a description standing in for the GPS position.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, string description)
    {
        var text = Encoding.ASCII.GetBytes(description + "\0");
        const int textOffset = 8 + 2 + 2 * 12 + 4;
        byte[] tiff =
        [
            .. "MM\0*"u8, 0, 0, 0, 8,
            0, 2,
            0x01, 0x0E, 0, 2, .. BigEndian(text.Length), .. BigEndian(textOffset),
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,
            0, 0, 0, 0,
            .. text,
        ];
        var length = 2 + 6 + tiff.Length;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8, .. tiff, .. jpeg[2..]];

        static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
    }

    /// <summary>
    /// A PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels, with a tiny compressed body: a
    /// decompression bomb, should anything believe the header and allocate.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png();
        // IHDR's width and height sit right after the signature (8), the chunk length (4) and type (4).
        new[] { width, height }.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray().CopyTo(png, 16);
        var crc = Crc32(png.AsSpan(12, 17));
        new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc }.CopyTo(png, 29);
        return png;
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320), so the forged header is otherwise well-formed.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A complete 1×1 PNG (signature, IHDR, IDAT, IEND).</summary>
    public static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>A complete 1×1 GIF89a.</summary>
    public static byte[] Gif() => Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>A 1×1 24-bit BMP: file header, BITMAPINFOHEADER (40 bytes) and one padded pixel row.</summary>
    public static byte[] Bmp()
    {
        var bmp = new byte[58];
        "BM"u8.CopyTo(bmp);
        BitConverter.GetBytes(58).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(1).CopyTo(bmp, 18);
        BitConverter.GetBytes(1).CopyTo(bmp, 22);
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        return bmp;
    }

    public static byte[] Webp() => Picture(1, 1, SKEncodedImageFormat.Webp);

    /// <summary>Little-endian TIFF header pointing at an empty IFD.</summary>
    public static byte[] Tiff() => [.. "II*\0"u8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>An ISO-BMFF ftyp box with the given major brand and compatible brands.</summary>
    public static byte[] Ftyp(string majorBrand, params string[] compatibleBrands)
    {
        var size = 16 + 4 * compatibleBrands.Length;
        return [0, 0, 0, (byte)size, .. "ftyp"u8, .. Encoding.ASCII.GetBytes(majorBrand), 0, 0, 0, 0,
                .. compatibleBrands.SelectMany(Encoding.ASCII.GetBytes), 0, 0, 0, 8, .. "meta"u8];
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary><paramref name="header"/> padded with zeros to <paramref name="size"/> bytes.</summary>
    public static byte[] Padded(byte[] header, long size)
    {
        var bytes = new byte[size];
        header.CopyTo(bytes, 0);
        return bytes;
    }
}
