using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Files;

public sealed record StoreResult(StoredFile? File, string? Refusal);

/// <summary>
/// Keeps files under <c>&lt;DataDirectory&gt;/files/</c>, outside the web root, under random names. Every file is
/// validated on the way in; the caller decides beforehand whether the sender may add it to the conversation.
/// </summary>
public sealed class FileStore(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    IDbWriter writer,
    FileValidator validator,
    IOptions<OmnichatOptions> options,
    TimeProvider clock,
    ILogger<FileStore> logger)
{
    private string Root => Path.Combine(options.Value.FullDataDirectory, "files");

    public string PathOf(StoredFile file) => Path.Combine(Root, file.StorageName);

    /// <summary>
    /// Streams <paramref name="content"/> to disk while hashing it, then validates the copy for
    /// <paramref name="destination"/>. A refused file leaves nothing behind. JPEG, PNG and WebP pictures a customer sent
    /// (<paramref name="fromCustomer"/>) are kept as written again from their pixels, without metadata such as the EXIF
    /// location their phone added, which agents have no business seeing.
    /// </summary>
    public async Task<StoreResult> SaveAsync(long conversationId, string fileName, Stream content, ChannelKind destination,
        long? messageId = null, bool fromCustomer = false, CancellationToken ct = default)
    {
        var named = validator.CheckName(fileName);
        if (named.Type is not { } type) return new StoreResult(null, named.Refusal);

        Directory.CreateDirectory(Root);
        var storageName = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var finalPath = Path.Combine(Root, storageName);
        var partPath = finalPath + ".part";
        var cleanPath = finalPath + ".clean";
        var stripped = false;
        try
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            byte[] hash;
            await using (var part = new FileStream(partPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                // Stop at the limit: an oversized upload costs no more disk than an allowed one.
                if (await FileSizes.CopyAtMostAsync(content, part, validator.MaxBytes(type, destination), sha256, ct) is not { } copied)
                    return new StoreResult(null, validator.TooLarge(fileName, type, destination, actualBytes: null));
                size = copied;
                hash = sha256.GetHashAndReset();
                part.Position = 0;
                var verdict = await validator.ValidateAsync(fileName, part, destination, ct);
                if (!verdict.IsAccepted) return new StoreResult(null, verdict.Refusal);
                if (fromCustomer && ImageContent.CanReencode(type.Kind))
                {
                    part.Position = 0;
                    await using var clean = new FileStream(cleanPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
                    validator.StripMetadata(type, part, clean);
                    // What is kept is the re-encoded picture: its size and hash are the ones recorded.
                    if (clean.Length > validator.MaxBytes(type, destination)) return new StoreResult(null, validator.TooLarge(fileName, type, destination, clean.Length));
                    size = clean.Length;
                    clean.Position = 0;
                    hash = await SHA256.HashDataAsync(clean, ct);
                    stripped = true;
                }
            }
            File.Move(stripped ? cleanPath : partPath, finalPath);

            var stored = new StoredFile
            {
                ConversationId = conversationId,
                MessageId = messageId,
                OriginalName = fileName,
                ContentType = type.ContentType,
                Size = size,
                Sha256 = Convert.ToHexStringLower(hash),
                StorageName = storageName,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            await writer.WriteAsync((db, token) =>
            {
                db.StoredFiles.Add(stored);
                return db.SaveChangesAsync(token);
            }, ct);
            return new StoreResult(stored, null);
        }
        catch
        {
            File.Delete(finalPath);
            throw;
        }
        finally
        {
            File.Delete(partPath);
            File.Delete(cleanPath);
        }
    }

    /// <summary>
    /// The file, or null when it does not exist or the viewer may not read its conversation (no difference shown). A
    /// customer's history is readable, so are the files sent in it; unsent drafts only to those who see the conversation itself.
    /// </summary>
    public async Task<StoredFile?> FindVisibleAsync(long fileId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = db.Conversations.Where(ConversationAccess.CanRead(viewer)).Select(c => c.Id);
        // A draft (uploaded, not sent) is for those who see the conversation itself, not for readers of the customer's history.
        var seen = db.Conversations.Where(ConversationAccess.CanSee(viewer)).Select(c => c.Id);
        return await db.StoredFiles.AsNoTracking()
            .SingleOrDefaultAsync(f => f.Id == fileId && readable.Contains(f.ConversationId)
                                       && (f.MessageId != null || seen.Contains(f.ConversationId)), ct);
    }

    /// <summary>Deletes the conversation's file rows inside the caller's transaction; returns what to remove from disk after commit.</summary>
    public async Task<IReadOnlyList<string>> DeleteRowsAsync(OmnichatDbContext db, long conversationId, CancellationToken ct)
    {
        var storageNames = await db.StoredFiles.Where(f => f.ConversationId == conversationId).Select(f => f.StorageName).ToListAsync(ct);
        await db.StoredFiles.Where(f => f.ConversationId == conversationId).ExecuteDeleteAsync(ct);
        return storageNames;
    }

    public void DeleteFromDisk(IEnumerable<string> storageNames)
    {
        foreach (var name in storageNames)
        {
            try
            {
                File.Delete(Path.Combine(Root, name));
            }
            catch (IOException ex)
            {
                // The rows are gone, so nobody can reach the file any more; a leftover is only wasted space.
                logger.LogWarning(ex, "Could not delete stored file {StorageName}", name);
            }
        }
    }
}
