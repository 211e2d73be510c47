using System.Buffers.Binary;
using System.Text;

namespace Omnichat.Blazor.Features.Files;

/// <summary>
/// Just enough of the OLE compound file format (MS-CFB) to list the names in its directory, which tell a Word, Excel
/// or PowerPoint 97-2003 file apart from any other compound file (an installer, an Outlook message).
/// </summary>
public static class CompoundFile
{
    private const uint EndOfChain = 0xFFFFFFFE;
    private const int HeaderDifatEntries = 109;
    private const int DirectoryEntrySize = 128;

    /// <summary>Bounds every chain walked, so a crafted file with looping chains cannot keep the validator busy.</summary>
    private const int MaxSectorsFollowed = 10_000;

    /// <summary>The names of the storages and streams in the file, or null when its structure is broken.</summary>
    public static IReadOnlySet<string>? ReadEntryNames(Stream content)
    {
        var start = content.Position;
        try
        {
            var header = content.ReadAt(start, 512);
            var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
            if (sectorShift is not (9 or 12)) return null;
            var sectorSize = 1 << sectorShift;

            var names = new HashSet<string>(StringComparer.Ordinal);
            var sector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(48));
            for (var followed = 0; sector != EndOfChain; followed++)
            {
                if (followed == MaxSectorsFollowed) return null;
                var entries = content.ReadAt(start + ((long)sector + 1) * sectorSize, sectorSize);
                for (var offset = 0; offset < sectorSize; offset += DirectoryEntrySize)
                {
                    var entry = entries.AsSpan(offset, DirectoryEntrySize);
                    var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[64..]);
                    // Type 0 is an unused slot; a name's length counts its terminating NUL.
                    if (entry[66] != 0 && nameBytes is >= 2 and <= 64)
                        names.Add(Encoding.Unicode.GetString(entry[..(nameBytes - 2)]));
                }
                sector = NextSector(content, start, header, sectorSize, sector);
            }
            return names;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Looks the sector up in the FAT, whose own sectors are listed in the header and then the DIFAT chain.</summary>
    private static uint NextSector(Stream content, long start, byte[] header, int sectorSize, uint sector)
    {
        var entriesPerSector = sectorSize / 4;
        var fatIndex = sector / (uint)entriesPerSector;
        uint fatSector;
        if (fatIndex < HeaderDifatEntries)
        {
            fatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(76 + (int)fatIndex * 4));
        }
        else
        {
            // Each DIFAT sector lists entriesPerSector - 1 FAT sectors and ends with the next DIFAT sector.
            var remaining = fatIndex - HeaderDifatEntries;
            var difatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(68));
            for (var followed = 0; remaining >= entriesPerSector - 1; followed++, remaining -= (uint)(entriesPerSector - 1))
            {
                if (followed == MaxSectorsFollowed) throw new EndOfStreamException();
                difatSector = ReadUInt32At(content, start + ((long)difatSector + 1) * sectorSize + (entriesPerSector - 1) * 4);
            }
            fatSector = ReadUInt32At(content, start + ((long)difatSector + 1) * sectorSize + remaining * 4);
        }
        return ReadUInt32At(content, start + ((long)fatSector + 1) * sectorSize + sector % (uint)entriesPerSector * 4);
    }

    private static uint ReadUInt32At(Stream content, long position) => BinaryPrimitives.ReadUInt32LittleEndian(content.ReadAt(position, 4));
}
