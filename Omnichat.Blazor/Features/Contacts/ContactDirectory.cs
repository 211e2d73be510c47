using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Contacts;

public sealed record IdentityLine(int Id, IdentityKind Kind, string Value);

/// <summary>A contact as the Contacts page and the information panel show it.</summary>
public sealed record ContactProfile(
    int Id,
    string Name,
    string? Email,
    string? Language,
    string? Notes,
    bool IsSaved,
    DateTime CreatedAt,
    IReadOnlyList<IdentityLine> Identities,
    int Conversations,
    bool MayEdit);

/// <summary>One row of the Contacts page's search.</summary>
public sealed record ContactSummary(int Id, string Name, bool IsSaved, IReadOnlyList<IdentityLine> Identities, int Conversations);

/// <summary>Finding and reading contacts. Contacts hold no conversation content; what they said is read through the history rule.</summary>
public sealed class ContactDirectory(IDbContextFactory<OmnichatDbContext> dbFactory, ContactAddresses addresses)
{
    public const int PageSize = 50;

    /// <summary>
    /// Contacts whose name, e-mail address or any address contains the text; a phone number typed in any format
    /// (0687654322, +31 6 87654322) finds the contact it belongs to. Saved contacts first, then by name.
    /// </summary>
    public async Task<IReadOnlyList<ContactSummary>> SearchAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Contacts.AsQueryable();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var trimmed = text.Trim();
            var pattern = $"%{trimmed}%";
            var number = addresses.ToE164(trimmed) ?? "";
            query = query.Where(c => EF.Functions.Like(c.Name, pattern) || EF.Functions.Like(c.Email, pattern)
                || c.Identities.Any(i => i.Value == number || EF.Functions.Like(i.Value, pattern)));
        }
        return await query
            .OrderByDescending(c => c.IsSaved).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Take(PageSize)
            .Select(c => new ContactSummary(c.Id, c.Name, c.IsSaved,
                c.Identities.OrderBy(i => i.Id).Select(i => new IdentityLine(i.Id, i.Kind, i.Value)).ToList(),
                c.Conversations.Count))
            .ToListAsync(ct);
    }

    public async Task<ContactProfile?> ProfileAsync(int contactId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.Contacts.Where(c => c.Id == contactId)
            .Select(c => new ContactProfile(c.Id, c.Name, c.Email, c.Language, c.Notes, c.IsSaved, c.CreatedAt,
                c.Identities.OrderBy(i => i.Id).Select(i => new IdentityLine(i.Id, i.Kind, i.Value)).ToList(),
                c.Conversations.Count, false))
            .SingleOrDefaultAsync(ct);
        return profile is null ? null : profile with { MayEdit = await ContactService.MayEditAsync(db, contactId, viewer, ct) };
    }
}
