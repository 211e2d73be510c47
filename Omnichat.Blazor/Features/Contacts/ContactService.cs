using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Contacts;

/// <summary>Saving an unknown sender as a contact, from a conversation the agent may act on.</summary>
public sealed class ContactService(IDbContextFactory<OmnichatDbContext> dbFactory)
{
    /// <summary>Names the contact and marks it saved. False when the viewer acts on no conversation of this contact.</summary>
    public async Task<bool> SaveAsync(int contactId, string name, string? email, Viewer viewer, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mayAct = await db.Conversations.Where(c => c.ContactId == contactId).AnyAsync(ConversationAccess.CanAct(viewer), ct);
        if (!mayAct) return false;

        var trimmedEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        return await db.Contacts
            .Where(c => c.Id == contactId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Name, name.Trim())
                .SetProperty(c => c.Email, c => trimmedEmail ?? c.Email)
                .SetProperty(c => c.IsSaved, true), ct) == 1;
    }
}

/// <summary>What the agent typed in the Add contact dialog.</summary>
public sealed record ContactDraft(string Name, string? Email);
