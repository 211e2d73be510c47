using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Users;

public sealed record UserSummary(string Id, string DisplayName, string Email, string Extension, string Role, bool IsAway, bool IsLockedOut,
    bool IsDeactivated = false);

/// <summary>
/// Who works here, read with a short-lived context. A singleton, unlike <see cref="UserAccounts"/>: components that only
/// list colleagues stay open all day in every console, and must not hold Identity's scoped user store and its context.
/// </summary>
public sealed class UserDirectory(IDbContextFactory<OmnichatDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await (from user in db.Users
                          where !user.IsDeleted
                          let role = (from userRole in db.UserRoles
                                      join r in db.Roles on userRole.RoleId equals r.Id
                                      where userRole.UserId == user.Id
                                      select r.Name).FirstOrDefault()
                          orderby user.Extension
                          select new { user.Id, user.DisplayName, user.Email, user.Extension, role, user.IsAway, user.LockoutEnd, user.DeactivatedAt })
            .AsNoTracking().ToListAsync(ct);
        return rows.Select(r => new UserSummary(r.Id, r.DisplayName, r.Email ?? "", r.Extension, r.role ?? "",
            r.IsAway, r.LockoutEnd is { } end && end > now, r.DeactivatedAt is not null)).ToList();
    }

    /// <summary>Who may receive a transferred conversation, by the rule the transfer itself enforces.</summary>
    public async Task<IReadOnlyList<UserSummary>> TransferTargetsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var eligible = (await db.Users.Where(ConversationRules.TransferTarget(db)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        return (await ListAsync(ct)).Where(u => eligible.Contains(u.Id)).ToList();
    }
}
