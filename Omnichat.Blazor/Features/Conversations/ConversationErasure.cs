using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Files;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// Removes what was said in conversations for good: messages (their outbox rows and refused-file notes go with them),
/// stored files and the providers' raw webhook payloads that carried those messages and their delivery receipts. The
/// full-text index follows through its triggers. Used by Delete and by a contact's erasure; runs inside the caller's
/// write, and hands back the stored files to remove from disk once that write has committed.
/// </summary>
public sealed class ConversationErasure(FileStore files)
{
    public async Task<IReadOnlyList<string>> EraseContentAsync(OmnichatDbContext db, IReadOnlyCollection<long> conversationIds, CancellationToken ct)
    {
        var providerIds = await db.Messages
            .Where(m => conversationIds.Contains(m.ConversationId) && m.ProviderMessageId != null)
            .Select(m => m.ProviderMessageId!)
            .ToListAsync(ct);
        await EraseInboundPayloadsAsync(db, providerIds, ct);

        var storageNames = new List<string>();
        foreach (var conversationId in conversationIds) storageNames.AddRange(await files.DeleteRowsAsync(db, conversationId, ct));
        await db.Messages.Where(m => conversationIds.Contains(m.ConversationId)).ExecuteDeleteAsync(ct);
        return storageNames;
    }

    /// <summary>The stored webhooks of these provider messages: the message itself and each delivery receipt (status:{id}:{state}).</summary>
    private static async Task EraseInboundPayloadsAsync(OmnichatDbContext db, List<string> providerIds, CancellationToken ct)
    {
        if (providerIds.Count == 0) return;
        await db.InboundEvents.Where(e => providerIds.Contains(e.ProviderMessageId)).ExecuteDeleteAsync(ct);
        // A receipt's key ends in its state (lower-case letters and underscores): trimmed off, the message's prefix is left.
        var receiptPrefixes = JsonSerializer.Serialize(providerIds.Select(id => InboundEvents.StatusKey(id, "")));
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM "InboundEvents"
            WHERE "ProviderMessageId" LIKE 'status:%'
              AND rtrim("ProviderMessageId", 'abcdefghijklmnopqrstuvwxyz_') IN (SELECT value FROM json_each({receiptPrefixes}))
            """, ct);
    }
}
