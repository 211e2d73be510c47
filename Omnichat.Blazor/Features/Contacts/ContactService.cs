using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Contacts;

/// <summary>Saving an unknown sender as a contact, from a conversation the agent may act on.</summary>
public sealed class ContactService(IDbWriter writer, ConversationBus bus)
{
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
            return await db.Conversations
                .Where(c => c.ContactId == contactId && c.Status == ConversationStatus.Open)
                .Select(c => c.Id)
                .ToListAsync(token);
        }, ct);
        if (open is null) return false;

        // Colleagues looking at the contact's open chats should see the name, and lose the unknown-contact bar, at once.
        foreach (var conversationId in open)
            await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.ContactChanged, viewer.UserId));
        return true;
    }
}

/// <summary>What the agent typed in the Add contact dialog.</summary>
public sealed record ContactDraft(string Name, string? Email);
