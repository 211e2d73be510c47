using System.Security.Claims;

namespace Omnichat.Blazor.Features.Users;

/// <summary>The signed-in person on whose behalf a query or action runs.</summary>
public sealed record Viewer(string UserId, bool IsAdmin, bool IsSupervisor)
{
    /// <summary>Supervisors and admins review every conversation, read-only unless it is theirs.</summary>
    public bool IsReviewer => IsAdmin || IsSupervisor;

    public static Viewer Agent(string userId) => new(userId, false, false);

    public static Viewer From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."),
        principal.IsInRole(Roles.Admin),
        principal.IsInRole(Roles.Supervisor));
}
