using System.Security.Claims;

namespace Omnichat.Blazor.Features.Users;

/// <summary>The signed-in person on whose behalf a query or action runs.</summary>
public sealed record Viewer(string UserId, bool IsAdmin, bool IsSupervisor)
{
    public static Viewer Agent(string userId) => new(userId, false, false);

    public static Viewer From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."),
        principal.IsInRole(Roles.Admin),
        principal.IsInRole(Roles.Supervisor));
}
