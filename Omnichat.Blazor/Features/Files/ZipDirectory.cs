using System.Buffers.Binary;

namespace Omnichat.Blazor.Features.Files;

/// <summary>
/// Reads how many entries a ZIP declares from its end-of-central-directory record, before anything parses the entries:
/// <see cref="System.IO.Compression.ZipArchive"/> builds every entry object as soon as its list is asked for.
/// </summary>
public static class ZipDirectory
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const int EndRecordSize = 22;

    /// <summary>The declared number of entries, or null when the stream has no readable end record (not a ZIP).</summary>
    public static long? DeclaredEntries(Stream content)
    {
        var start = content.Position;
        try
        {
            // The end record sits at the very end, after a comment of at most 65,535 bytes.
            var tailLength = (int)Math.Min(content.Length - start, EndRecordSize + ushort.MaxValue);
            var tail = content.ReadAt(content.Length - tailLength, tailLength);
            for (var at = tailLength - EndRecordSize; at >= 0; at--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndOfCentralDirectory) continue;
                var entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
                if (entries != ushort.MaxValue) return entries;
                return Zip64Entries(content, content.Length - tailLength + at);
            }
            return null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        finally
        {
            content.Position = start;
        }
    }

    /// <summary>A count of 0xFFFF means the real one is in the ZIP64 end record, found through the locator just before.</summary>
    private static long? Zip64Entries(Stream content, long endRecord)
    {
        if (endRecord < 20) return null;
        var locator = content.ReadAt(endRecord - 20, 20);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64Locator) return ushort.MaxValue;
        var record = content.ReadAt((long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)), 56);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndOfCentralDirectory) return null;
        var entries = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
        return entries > long.MaxValue ? long.MaxValue : (long)entries;
    }
}
