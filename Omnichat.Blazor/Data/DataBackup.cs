using System.Formats.Tar;
using System.IO.Compression;

namespace Omnichat.Blazor.Data;

/// <summary>
/// One archive (tar.gz) of everything in the data folder that a console needs to start again elsewhere: a consistent
/// copy of the database, the data-protection keys (without them stored channel secrets cannot be decrypted and every
/// sign-in cookie is void) and the stored files. Restoring unpacks it into an empty data folder.
/// </summary>
public static class DataBackup
{
    public const string DatabaseEntry = "omnichat.db";
    public const string KeysFolder = "keys";
    public const string FilesFolder = "files";

    /// <summary>Unix permissions for the archive and the restored keys: they hold secrets, so only the owner reads them.</summary>
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public sealed record Summary(long DatabaseBytes, int Keys, int Files);

    /// <summary>
    /// Writes <paramref name="archive"/>: the database first (SQLite's online backup, a snapshot however busy the
    /// console is), then keys and files. A file stored after the snapshot is carried along unreferenced; none is lost.
    /// </summary>
    public static async Task<Summary> WriteAsync(IServiceProvider services, string dataDirectory, string archive, CancellationToken ct)
    {
        var snapshotFolder = Directory.CreateTempSubdirectory("omnichat-backup-");
        try
        {
            var snapshot = Path.Combine(snapshotFolder.FullName, DatabaseEntry);
            await services.BackupDatabaseAsync(snapshot);
            // The archive is created for the owner alone: it holds the keys.
            await using var output = new FileStream(archive, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OperatingSystem.IsWindows() ? null : OwnerOnly,
            });
            await using var gzip = new GZipStream(output, CompressionLevel.Optimal);
            await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
            await tar.WriteEntryAsync(snapshot, DatabaseEntry, ct);
            var keys = await AddFolderAsync(tar, dataDirectory, KeysFolder, ct);
            var files = await AddFolderAsync(tar, dataDirectory, FilesFolder, ct);
            return new Summary(new FileInfo(snapshot).Length, keys, files);
        }
        finally
        {
            snapshotFolder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> into <paramref name="dataDirectory"/>, which must be empty or absent, so a
    /// restore never mixes with (or overwrites) a live console's data. Returns the refusal, or null when done.
    /// </summary>
    public static async Task<string?> RestoreAsync(string archive, string dataDirectory, CancellationToken ct)
    {
        if (!File.Exists(archive)) return $"{archive} does not exist.";
        var full = Path.GetFullPath(dataDirectory).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            return $"The data folder {dataDirectory} is not empty. Restore into an empty folder (set Omnichat:DataDirectory), or move the current data away first.";
        // Unpacked beside it first and moved into place only when whole: a restore that fails halfway leaves the data
        // folder empty, never a database without its keys (whose channel secrets could not be read again).
        var staging = Directory.CreateDirectory($"{full}.restoring-{Guid.NewGuid():N}").FullName;
        try
        {
            if (await UnpackAsync(archive, staging, ct) is { } refused) return refused;
            if (!OperatingSystem.IsWindows() && Directory.Exists(Path.Combine(staging, KeysFolder)))
                File.SetUnixFileMode(Path.Combine(staging, KeysFolder), OwnerOnly | UnixFileMode.UserExecute);
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(staging, full);
            return null;
        }
        catch (IOException ex)
        {
            return $"Could not restore {archive} into {dataDirectory}: {ex.Message}";
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Unpacks the archive into <paramref name="folder"/>; returns why it is not a backup, or null.</summary>
    private static async Task<string?> UnpackAsync(string archive, string folder, CancellationToken ct)
    {
        var root = folder + Path.DirectorySeparatorChar;
        var sawDatabase = false;
        try
        {
            await using var input = File.OpenRead(archive);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory) continue;
                var name = entry.Name.Replace('\\', '/');
                var target = Path.GetFullPath(Path.Combine(root, name));
                // Only the three things a backup holds, and never a path that climbs out of the data folder.
                var expected = name == DatabaseEntry || name.StartsWith(KeysFolder + "/") || name.StartsWith(FilesFolder + "/");
                if (!expected || !target.StartsWith(root, StringComparison.Ordinal) || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    return $"{archive} is not an Omnichat backup: it holds {entry.Name}.";
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await entry.ExtractToFileAsync(target, overwrite: false, ct);
                sawDatabase |= name == DatabaseEntry;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            return $"{archive} is not a readable Omnichat backup: {ex.Message}";
        }
        return sawDatabase ? null : $"{archive} holds no database ({DatabaseEntry}); nothing to restore from.";
    }

    private static async Task<int> AddFolderAsync(TarWriter tar, string dataDirectory, string folder, CancellationToken ct)
    {
        var path = Path.Combine(dataDirectory, folder);
        if (!Directory.Exists(path)) return 0;
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            // Uploads still being written (.part, .clean) are not files yet.
            if (Path.GetExtension(file) is ".part" or ".clean") continue;
            var entryName = folder + "/" + Path.GetRelativePath(path, file).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                await tar.WriteEntryAsync(file, entryName, ct);
                count++;
            }
            catch (FileNotFoundException)
            {
                // Deleted between listing and copying, with its conversation: the snapshot may name it, but it is gone anyway.
            }
        }
        return count;
    }
}
