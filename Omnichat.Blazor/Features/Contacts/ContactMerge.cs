using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Contacts;

/// <summary>What merging <paramref name="Source"/> into <paramref name="Target"/> moves, shown before it is done.</summary>
public sealed record MergePreview(ContactProfile Source, ContactProfile Target, int Conversations, int Messages, IReadOnlyList<IdentityLine> IdentitiesMoving);

/// <summary>
/// Two contacts that are one person become one: the source's conversations and addresses move to the target, whose
/// history is then the whole history; the source is gone. Nothing said is lost and no address is held twice.
/// </summary>
public sealed class ContactMerge(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ContactDirectory directory, ConversationBus bus, TimeProvider clock)
{
    /// <summary>Null when either contact is missing, they are the same, or the viewer may not edit both.</summary>
    public async Task<MergePreview?> PreviewAsync(int sourceId, int targetId, Viewer viewer, CancellationToken ct = default)
    {
        if (sourceId == targetId) return null;
        var (source, target) = (await directory.ProfileAsync(sourceId, viewer, ct), await directory.ProfileAsync(targetId, viewer, ct));
        if (source is not { MayEdit: true } || target is not { MayEdit: true }) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var messages = await db.Messages.CountAsync(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.ContactId == sourceId), ct);
        return new MergePreview(source, target, source.Conversations, messages, source.Identities);
    }

    /// <summary>The merge's audit line, or null when not allowed (see <see cref="PreviewAsync"/>).</summary>
    public async Task<ContactAuditEntry?> MergeAsync(int sourceId, int targetId, Viewer viewer, CancellationToken ct = default)
    {
        if (sourceId == targetId) return null;
        var merged = await writer.WriteAsync<(ContactAuditEntry Entry, List<long> Open)?>(async (db, token) =>
        {
            if (!await ContactService.MayEditAsync(db, sourceId, viewer, token) || !await ContactService.MayEditAsync(db, targetId, viewer, token)) return null;
            var source = await db.Contacts.SingleAsync(c => c.Id == sourceId, token);
            var target = await db.Contacts.SingleAsync(c => c.Id == targetId, token);
            var conversationIds = await db.Conversations.Where(c => c.ContactId == sourceId).Select(c => c.Id).ToListAsync(token);
            var entry = new ContactAuditEntry
            {
                Kind = ContactAuditKind.Merged,
                ContactId = sourceId,
                MergedIntoId = targetId,
                ActorId = viewer.UserId,
                ActorName = await db.Users.Where(u => u.Id == viewer.UserId).Select(u => u.DisplayName).SingleAsync(token),
                At = clock.GetUtcNow().UtcDateTime,
                Conversations = conversationIds.Count,
                Messages = await db.Messages.CountAsync(m => conversationIds.Contains(m.ConversationId), token),
                Files = await db.StoredFiles.CountAsync(f => conversationIds.Contains(f.ConversationId), token),
                Identities = await db.ContactIdentities.CountAsync(i => i.ContactId == sourceId, token),
            };

            // A visitor's widget shows the latest live chat of its contact: with two visitors on one contact that could be
            // the other one's, so the merged-away visitors start a new session with their next message.
            var movingVisitors = await db.ContactIdentities.Where(i => i.ContactId == sourceId && i.Kind == IdentityKind.LiveChatVisitor)
                .Select(i => i.Value).ToListAsync(token);
            if (movingVisitors.Count > 0 && await db.ContactIdentities.AnyAsync(i => i.ContactId == targetId && i.Kind == IdentityKind.LiveChatVisitor, token))
                await db.LiveChatVisitors.Where(v => movingVisitors.Contains(v.VisitorKey) && v.RevokedAt == null)
                    .ExecuteUpdateAsync(v => v.SetProperty(x => x.RevokedAt, entry.At), token);

            // (Kind, Value) is unique across contacts, so every address moves without meeting a twin.
            await db.ContactIdentities.Where(i => i.ContactId == sourceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ContactId, targetId), token);
            await db.Conversations.Where(c => c.ContactId == sourceId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, targetId), token);
            // The kept contact keeps what it has and takes what it lacks; a saved name beats a bare number.
            if (!target.IsSaved && source.IsSaved) target.Name = source.Name;
            target.IsSaved |= source.IsSaved;
            target.Email ??= source.Email;
            target.Language ??= source.Language;
            target.Notes = string.Join("\n\n", new[] { target.Notes, source.Notes }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } notes
                ? Conversation.Clip(notes, Contact.MaxNotesLength) : null;
            db.Contacts.Remove(source);
            db.ContactAudit.Add(entry);
            await db.SaveChangesAsync(token);
            var open = await db.Conversations.Where(c => c.ContactId == targetId && c.Status == ConversationStatus.Open).Select(c => c.Id).ToListAsync(token);
            return (entry, open);
        }, ct);
        if (merged is not { } done) return null;

        foreach (var conversationId in done.Open)
            await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.ContactChanged, viewer.UserId));
        return done.Entry;
    }
}
