using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Files;

/// <summary>A file a customer sent that the validator refused: shown in the thread with the reason, never dropped silently.</summary>
public class RefusedFile
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public long MessageId { get; set; }
    public string Name { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>What a message carries, as the thread shows it: a stored file (<see cref="FileId"/>) or a refusal with its reason.</summary>
public sealed record Attachment(long MessageId, long? FileId, string Name, long Size, bool IsImage, string? Refusal);

public sealed class Attachments(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, TimeProvider clock)
{
    /// <summary>The attachments of the given messages. The caller has already checked the viewer may see them.</summary>
    public async Task<ILookup<long, Attachment>> OfMessagesAsync(IReadOnlyCollection<long> messageIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.StoredFiles.Where(f => f.MessageId != null && messageIds.Contains(f.MessageId.Value))
            .Select(f => new { MessageId = f.MessageId!.Value, f.Id, f.OriginalName, f.Size }).ToListAsync(ct);
        var refused = await db.RefusedFiles.Where(f => messageIds.Contains(f.MessageId))
            .Select(f => new Attachment(f.MessageId, null, f.Name, 0, false, f.Reason)).ToListAsync(ct);
        return stored
            .Select(f => new Attachment(f.MessageId, f.Id, f.OriginalName, f.Size, FileType.FromFileName(f.OriginalName)?.ShowsInline == true, null))
            .Concat(refused)
            .ToLookup(a => a.MessageId);
    }

    /// <summary>The names of the files (kept or refused) a message already has.</summary>
    public async Task<HashSet<string>> NamesForMessageAsync(long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.StoredFiles.Where(f => f.MessageId == messageId).Select(f => f.OriginalName).ToListAsync(ct);
        var refused = await db.RefusedFiles.Where(f => f.MessageId == messageId).Select(f => f.Name).ToListAsync(ct);
        return [.. stored, .. refused];
    }

    public async Task RecordRefusalAsync(long conversationId, long messageId, string name, string reason, CancellationToken ct = default)
    {
        var refused = new RefusedFile { ConversationId = conversationId, MessageId = messageId, Name = name, Reason = reason, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await writer.WriteAsync((db, token) =>
        {
            db.RefusedFiles.Add(refused);
            return db.SaveChangesAsync(token);
        }, ct);
    }

    /// <summary>A file name for content that arrives without one (provider media), from its declared type.</summary>
    public static string NameFor(string contentType, int index)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        var extension = FileType.ByExtension.FirstOrDefault(t => t.Value.ContentType.Split(';')[0] == mediaType).Key
                        ?? mediaType.Split('/').LastOrDefault()?.Split('+')[0] ?? "bin";
        return $"media-{index + 1}.{extension}";
    }
}
