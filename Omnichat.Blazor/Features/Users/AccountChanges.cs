using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.Users;

/// <summary>A user's sign-in was invalidated (role changed, deactivated, deleted, password reset).</summary>
public sealed record AccountChanged(string UserId);

/// <summary>
/// Tells that user's open consoles at once, so they check their sign-in again instead of running on the roles they
/// started with.
/// </summary>
public sealed class AccountChanges(ILogger<AccountChanges> logger) : Broadcast<AccountChanged>(logger);
