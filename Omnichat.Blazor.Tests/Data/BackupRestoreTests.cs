using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using Microsoft.Data.Sqlite;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Tests.Features.Channels;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Data;

/// <summary>A backup made on one machine brings the console back on another: data, files, and the keys that open its secrets.</summary>
[Collection(ProcessTests.Name)]
public sealed class BackupRestoreTests : IDisposable
{
    private const string Token = "backup-token-0123456789abcdef0123";
    private const string ChannelKey = "sms-restored";
    private readonly string workspace = Path.Combine(Path.GetTempPath(), "omnichat-tests", Guid.NewGuid().ToString("N"));
    private string Original => Path.Combine(workspace, "original");
    private string Fresh => Path.Combine(workspace, "fresh");
    private string Archive => Path.Combine(workspace, "backups", "omnichat.tar.gz");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(workspace, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_restore_that_fails_halfway_leaves_the_data_folder_empty_not_a_database_without_its_keys()
    {
        // The database and keys come first, then an entry no backup holds: refused after two files were unpacked.
        Directory.CreateDirectory(Path.GetDirectoryName(Archive)!);
        await using (var output = File.Create(Archive))
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            foreach (var name in new[] { DataBackup.DatabaseEntry, $"{DataBackup.KeysFolder}/key-1.xml", "../outside.txt" })
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        var refusal = await DataBackup.RestoreAsync(Archive, Fresh, CancellationToken.None);

        Assert.Contains("is not an Omnichat backup", refusal);
        Assert.False(Directory.Exists(Fresh) && Directory.EnumerateFileSystemEntries(Fresh).Any());
        Assert.Empty(Directory.EnumerateDirectories(workspace, "fresh.restoring-*"));
        Assert.False(File.Exists(Path.Combine(workspace, "outside.txt")));
    }

    [Fact]
    public async Task A_restored_backup_on_a_fresh_data_folder_still_verifies_signed_webhooks_and_keeps_the_files()
    {
        Assert.Equal(0, (await AppProcess.RunVerbAsync(Original, null, "queues", "add", "--name", "Support")).ExitCode);
        var channel = await AppProcess.RunVerbAsync(Original, Token, "channels", "add", "--kind", "Sms", "--key", ChannelKey,
            "--address", "+31200000000", "--queue", "Support", "--account-sid", "AC" + new string('2', 32));
        Assert.True(channel.ExitCode == 0, channel.Output);
        // A stored attachment, as the console keeps them.
        Directory.CreateDirectory(Path.Combine(Original, "files"));
        await File.WriteAllTextAsync(Path.Combine(Original, "files", "0123456789abcdef0123456789abcdef"), "attachment bytes");

        var backup = await AppProcess.RunVerbAsync(Original, null, "backup", Archive);
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.Contains("1 file(s)", backup.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Archive));

        // The console's own data folder is not empty: a restore there is refused and changes nothing.
        var overLive = await AppProcess.RunVerbAsync(Original, null, "restore", Archive);
        Assert.Equal(1, overLive.ExitCode);
        Assert.Contains("is not empty", overLive.Output);

        var restore = await AppProcess.RunVerbAsync(Fresh, null, "restore", Archive);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Fresh, "keys")));
        Assert.Equal("attachment bytes", await File.ReadAllTextAsync(Path.Combine(Fresh, "files", "0123456789abcdef0123456789abcdef")));

        // The channel's auth token, encrypted with the original keys, still decrypts: Twilio's signature verifies.
        await using var app = await AppProcess.StartAsync(Fresh);
        using var http = new HttpClient();
        var url = $"{app.BaseUrl}/webhooks/twilio/{ChannelKey}";
        var signed = await http.SendAsync(TwilioTestKit.Signed(url, TwilioTestKit.IncomingSms("+31610000002", "Back after the move"), Token));
        var forged = await http.SendAsync(TwilioTestKit.Signed(url, TwilioTestKit.IncomingSms("+31610000003", "Forged"), "some-other-token"));
        Assert.True(signed.StatusCode == HttpStatusCode.OK, string.Join('\n', app.Log));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }
}
