using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Files;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// Erases what a conversation said, everywhere the database keeps it: messages, their outbox rows, files (rows, and
/// disk after commit), refusal notes, event notes, the list preview, the satisfaction comment, and the provider's raw webhooks the messages came
/// from (phone numbers, text and media addresses in <see cref="InboundEvent.Payload"/>) with their status callbacks.
/// The conversation row and its audit lines remain, without content. Deleting a conversation uses it; so can the
/// erasure of a contact, for each of its conversations.
/// </summary>
public sealed class ConversationErasure(FileStore files, IDbContextFactory<OmnichatDbContext> dbFactory, ILogger<ConversationErasure> logger)
{
    /// <summary>
    /// Inside the caller's write: erases the content of <paramref name="conversationId"/>. Returns the stored files to
    /// remove from disk with <see cref="AfterCommitAsync"/> once the write has committed.
    /// </summary>
    public async Task<IReadOnlyList<string>> EraseAsync(OmnichatDbContext db, long conversationId, CancellationToken ct)
    {
        var conversation = await db.Conversations.Where(c => c.Id == conversationId).Select(c => new { c.ChannelAccountId }).SingleAsync(ct);
        var messages = db.Messages.Where(m => m.ConversationId == conversationId);
        if (conversation.ChannelAccountId is { } channelId)
        {
            var providerIds = await messages.Where(m => m.ProviderMessageId != null).Select(m => m.ProviderMessageId!).ToListAsync(ct);
            await InboundEvents.DeleteOfMessagesAsync(db, channelId, providerIds, ct);
        }

        var storageNames = await files.DeleteRowsAsync(db, conversationId, ct);
        await db.RefusedFiles.Where(f => f.ConversationId == conversationId).ExecuteDeleteAsync(ct);
        await db.Outbox.Where(o => messages.Any(m => m.Id == o.MessageId)).ExecuteDeleteAsync(ct);
        await messages.ExecuteDeleteAsync(ct);
        await db.ConversationEvents.Where(e => e.ConversationId == conversationId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Note, (string?)null), ct);
        await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastMessagePreview, (string?)null), ct);
        // The score stays for the reports; the customer's words go.
        await db.SatisfactionRatings.Where(r => r.ConversationId == conversationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, (string?)null), ct);
        return storageNames;
    }

    /// <summary>Inside the caller's write: <see cref="EraseAsync(OmnichatDbContext, long, CancellationToken)"/> for each conversation (a contact's erasure).</summary>
    public async Task<IReadOnlyList<string>> EraseAsync(OmnichatDbContext db, IReadOnlyCollection<long> conversationIds, CancellationToken ct)
    {
        var storageNames = new List<string>();
        foreach (var conversationId in conversationIds) storageNames.AddRange(await EraseAsync(db, conversationId, ct));
        return storageNames;
    }

    /// <summary>
    /// Once the erasing write has committed: removes the files from disk, and empties the write-ahead log, which still
    /// holds the pages as they were before the erasure until a checkpoint writes them back and resets it.
    /// </summary>
    public async Task AfterCommitAsync(IReadOnlyList<string> storageNames)
    {
        files.DeleteFromDisk(storageNames);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // A reader held the log open; the next automatic checkpoint writes the pages back all the same.
            logger.LogWarning(ex, "Could not empty the write-ahead log after an erasure");
        }
    }
}
