using Microsoft.AspNetCore.Identity;

namespace Omnichat.Blazor.Features.Users;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Short internal number (e.g. "101") colleagues use to find each other when transferring.</summary>
    public string Extension { get; set; } = "";

    /// <summary>Culture name of the interface language ("en" or "nl").</summary>
    public string UiLanguage { get; set; } = "en";

    /// <summary>Set by the agent; an away agent is never offered new chats.</summary>
    public bool IsAway { get; set; }

    /// <summary>Set by an admin: the user cannot sign in and is offered no chats until reactivated.</summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>
    /// Deleted by an admin: the sign-in identity is gone, the row stays (deactivated) so the conversations they
    /// handled still name them.
    /// </summary>
    public bool IsDeleted { get; set; }
}
