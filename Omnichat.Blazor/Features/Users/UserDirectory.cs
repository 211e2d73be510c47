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
    public Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default) => SummariesAsync(onlyTransferTargets: false, ct);

    /// <summary>Who may receive a transferred conversation, by the rule the transfer itself enforces.</summary>
    public Task<IReadOnlyList<UserSummary>> TransferTargetsAsync(CancellationToken ct = default) => SummariesAsync(onlyTransferTargets: true, ct);

    private async Task<IReadOnlyList<UserSummary>> SummariesAsync(bool onlyTransferTargets, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var users = onlyTransferTargets ? db.Users.Where(ConversationRules.TransferTarget(db)) : db.Users;
        var rows = await (from user in users
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
}
