using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Contacts;

public enum ContactOutcome
{
    Done,
    NotAllowed,
    NotFound,
    /// <summary>An empty or too long name, or an address that is not a phone number, e-mail address or id of the kind chosen.</summary>
    Invalid,
    /// <summary>Another contact holds that address: merge the two instead.</summary>
    InUse,
}

/// <summary>What an edit came to; for <see cref="ContactOutcome.InUse"/>, the contact that holds the address.</summary>
public sealed record ContactResult(ContactOutcome Outcome, int? HolderId = null, string? HolderName = null)
{
    public static readonly ContactResult Done = new(ContactOutcome.Done);
    public static readonly ContactResult NotAllowed = new(ContactOutcome.NotAllowed);
}

/// <summary>Changing contacts: naming them, their language and notes, and the addresses they write from.</summary>
public sealed class ContactService(IDbWriter writer, ConversationBus bus, ContactAddresses addresses)
{
    /// <summary>
    /// May change the contact: whoever may act on one of their conversations, and supervisors and admins (a contact
    /// found on the Contacts page may have no conversation at all).
    /// </summary>
    public static async Task<bool> MayEditAsync(OmnichatDbContext db, int contactId, Viewer viewer, CancellationToken ct) =>
        viewer.IsReviewer
            ? await db.Contacts.AnyAsync(c => c.Id == contactId, ct)
            : await db.Conversations.Where(c => c.ContactId == contactId).AnyAsync(ConversationAccess.CanAct(viewer), ct);

    /// <summary>Names the contact and marks it saved. False when the viewer acts on no conversation of this contact.</summary>
    public async Task<bool> SaveAsync(int contactId, string name, string? email, Viewer viewer, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name)) return false;
        var trimmedEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var open = await writer.WriteAsync<List<long>?>(async (db, token) =>
        {
            var mayAct = await db.Conversations.Where(c => c.ContactId == contactId).AnyAsync(ConversationAccess.CanAct(viewer), token);
            if (!mayAct) return null;
            var saved = await db.Contacts
                .Where(c => c.Id == contactId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Name, name.Trim())
                    .SetProperty(c => c.Email, c => trimmedEmail ?? c.Email)
                    .SetProperty(c => c.IsSaved, true), token) == 1;
            if (!saved) return null;
            return await OpenConversationsAsync(db, contactId, token);
        }, ct);
        if (open is null) return false;
        await AnnounceAsync(open, viewer);
        return true;
    }

    /// <summary>Changes name, language and notes of a contact.</summary>
    public async Task<ContactResult> UpdateAsync(int contactId, ContactDetails details, Viewer viewer, CancellationToken ct = default)
    {
        var name = details.Name.Trim();
        if (name.Length is 0 or > Contact.MaxNameLength) return new(ContactOutcome.Invalid);
        var language = string.IsNullOrWhiteSpace(details.Language) ? null : Conversation.Clip(details.Language.Trim().ToLowerInvariant(), Contact.MaxLanguageLength);
        var notes = string.IsNullOrWhiteSpace(details.Notes) ? null : Conversation.Clip(details.Notes.Trim(), Contact.MaxNotesLength);
        var open = await writer.WriteAsync<List<long>?>(async (db, token) =>
        {
            if (!await MayEditAsync(db, contactId, viewer, token)) return null;
            await db.Contacts.Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Name, name)
                .SetProperty(c => c.Language, language)
                .SetProperty(c => c.Notes, notes)
                // Naming someone saves them; setting only a language or a note leaves an unknown sender unknown.
                .SetProperty(c => c.IsSaved, c => c.IsSaved || c.Name != name), token);
            return await OpenConversationsAsync(db, contactId, token);
        }, ct);
        if (open is null) return ContactResult.NotAllowed;
        await AnnounceAsync(open, viewer);
        return ContactResult.Done;
    }

    /// <summary>Adds an address (<paramref name="identityId"/> null) or changes one. Phone numbers are stored in E.164.</summary>
    public async Task<ContactResult> SaveIdentityAsync(int contactId, int? identityId, IdentityKind kind, string value, Viewer viewer, CancellationToken ct = default)
    {
        if (addresses.Normalize(kind, value) is not { } normalized || normalized.Length > 200) return new(ContactOutcome.Invalid);
        var (result, open) = await writer.WriteAsync<(ContactResult, List<long>)>(async (db, token) =>
        {
            if (!await MayEditAsync(db, contactId, viewer, token)) return (ContactResult.NotAllowed, []);
            // The same number on SMS and WhatsApp is one person, so either kind held elsewhere is a conflict.
            var kinds = ContactAddresses.IsPhone(kind) ? [IdentityKind.Phone, IdentityKind.WhatsApp] : new[] { kind };
            var holder = await db.ContactIdentities
                .Where(i => kinds.Contains(i.Kind) && i.Value == normalized && i.ContactId != contactId)
                .Select(i => new { i.ContactId, Name = db.Contacts.Where(c => c.Id == i.ContactId).Select(c => c.Name).First() })
                .FirstOrDefaultAsync(token);
            if (holder is not null) return (new ContactResult(ContactOutcome.InUse, holder.ContactId, holder.Name), []);
            if (await db.ContactIdentities.AnyAsync(i => i.ContactId == contactId && i.Kind == kind && i.Value == normalized && i.Id != identityId, token))
                return (ContactResult.Done, []); // already there: nothing to add

            if (identityId is null)
                db.ContactIdentities.Add(new ContactIdentity { ContactId = contactId, Kind = kind, Value = normalized });
            else if (await db.ContactIdentities.Where(i => i.Id == identityId && i.ContactId == contactId)
                         .ExecuteUpdateAsync(s => s.SetProperty(i => i.Kind, kind).SetProperty(i => i.Value, normalized), token) == 0)
                return (new ContactResult(ContactOutcome.NotFound), []);
            await db.SaveChangesAsync(token);
            return (ContactResult.Done, await OpenConversationsAsync(db, contactId, token));
        }, ct);
        await AnnounceAsync(open, viewer);
        return result;
    }

    /// <summary>Removes an address. Conversations already started keep going; new messages from it start a new contact.</summary>
    public async Task<ContactResult> RemoveIdentityAsync(int contactId, int identityId, Viewer viewer, CancellationToken ct = default)
    {
        var (result, open) = await writer.WriteAsync<(ContactResult, List<long>)>(async (db, token) =>
        {
            if (!await MayEditAsync(db, contactId, viewer, token)) return (ContactResult.NotAllowed, []);
            var removed = await db.ContactIdentities.Where(i => i.Id == identityId && i.ContactId == contactId).ExecuteDeleteAsync(token);
            return removed == 0 ? (new ContactResult(ContactOutcome.NotFound), []) : (ContactResult.Done, await OpenConversationsAsync(db, contactId, token));
        }, ct);
        await AnnounceAsync(open, viewer);
        return result;
    }

    private static Task<List<long>> OpenConversationsAsync(OmnichatDbContext db, int contactId, CancellationToken ct) =>
        db.Conversations.Where(c => c.ContactId == contactId && c.Status == ConversationStatus.Open).Select(c => c.Id).ToListAsync(ct);

    /// <summary>Colleagues looking at the contact's open chats should see the change, and lose the unknown-contact bar, at once.</summary>
    private async Task AnnounceAsync(IEnumerable<long> conversationIds, Viewer viewer)
    {
        foreach (var conversationId in conversationIds)
            await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.ContactChanged, viewer.UserId));
    }
}

/// <summary>What the agent typed in the Add contact dialog.</summary>
public sealed record ContactDraft(string Name, string? Email);

/// <summary>The editable fields of a contact.</summary>
public sealed record ContactDetails(string Name, string? Language, string? Notes);
