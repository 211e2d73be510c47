using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Contacts;

/// <summary>
/// Erasure on request (GDPR article 17): a contact with everything they said and sent, for good. What remains is one
/// audit line with who erased which contact id when, and how much, never what.
/// </summary>
public sealed class ContactErasure(IDbWriter writer, ConversationErasure conversations, ConversationBus bus, TimeProvider clock)
{
    /// <summary>Admins only. The audit line, or null when not allowed or the contact does not exist.</summary>
    public async Task<ContactAuditEntry?> EraseAsync(int contactId, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return null;
        var erased = await writer.WriteAsync<(ContactAuditEntry Entry, List<long> Conversations, IReadOnlyList<string> Files)?>(async (db, token) =>
        {
            var identities = await db.ContactIdentities.Where(i => i.ContactId == contactId).ToListAsync(token);
            if (!await db.Contacts.AnyAsync(c => c.Id == contactId, token)) return null;
            var conversationIds = await db.Conversations.Where(c => c.ContactId == contactId).Select(c => c.Id).ToListAsync(token);
            var entry = new ContactAuditEntry
            {
                Kind = ContactAuditKind.Erased,
                ContactId = contactId,
                ActorId = viewer.UserId,
                ActorName = await db.Users.Where(u => u.Id == viewer.UserId).Select(u => u.DisplayName).SingleAsync(token),
                At = clock.GetUtcNow().UtcDateTime,
                Conversations = conversationIds.Count,
                Messages = await db.Messages.CountAsync(m => conversationIds.Contains(m.ConversationId), token),
                Files = await db.StoredFiles.CountAsync(f => conversationIds.Contains(f.ConversationId), token),
                Identities = identities.Count,
            };

            var storageNames = await conversations.EraseAsync(db, conversationIds, token);
            // Offers, audit lines, read marks and refused-file notes go with their conversation.
            await db.Conversations.Where(c => conversationIds.Contains(c.Id)).ExecuteDeleteAsync(token);
            var visitorKeys = identities.Where(i => i.Kind == IdentityKind.LiveChatVisitor).Select(i => i.Value).ToList();
            await db.LiveChatVisitors.Where(v => visitorKeys.Contains(v.VisitorKey)).ExecuteDeleteAsync(token);
            // Messenger read receipts name the customer's id in their key.
            foreach (var psid in identities.Where(i => i.Kind == IdentityKind.Messenger).Select(i => i.Value))
            {
                var prefix = Channels.Meta.MetaBatch.WatermarkPrefix(psid);
                await db.InboundEvents.Where(e => e.ProviderMessageId.StartsWith(prefix)).ExecuteDeleteAsync(token);
            }
            await db.Contacts.Where(c => c.Id == contactId).ExecuteDeleteAsync(token);
            db.ContactAudit.Add(entry);
            await db.SaveChangesAsync(token);
            return (entry, conversationIds, storageNames);
        }, ct);
        if (erased is not { } done) return null;

        await conversations.AfterCommitAsync(done.Files);
        foreach (var conversationId in done.Conversations)
            await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Deleted, viewer.UserId));
        return done.Entry;
    }
}
