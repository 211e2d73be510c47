using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Features.Users;

public sealed record NewUser(string DisplayName, string Email, string Role, string Extension, string Password, string UiLanguage = "en");

/// <summary>Creating and maintaining console users; shared by the setup page, the admin page, the CLI and the demo.</summary>
public sealed class UserAccounts(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IDbWriter writer,
    OfferWidening offers,
    AccountChanges changes,
    TimeProvider clock)
{
    public Task<bool> AnyUserExistsAsync(CancellationToken ct = default) => users.Users.AnyAsync(ct);

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>Creates the user with one role. Returns the errors, in words a person can act on; empty when done.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(NewUser input)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.DisplayName)) errors.Add("A display name is required.");
        if (!Roles.IsKnown(input.Role)) errors.Add($"Role must be one of {string.Join(", ", Roles.All)}.");
        errors.AddRange(await ValidateExtensionAsync(input.Extension, exceptUserId: null));
        if (errors.Count > 0) return errors;

        var user = new ApplicationUser
        {
            UserName = input.Email.Trim(),
            Email = input.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = input.DisplayName.Trim(),
            Extension = input.Extension.Trim(),
            UiLanguage = input.UiLanguage,
        };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded) return created.Errors.Select(e => e.Description).ToList();
        var added = await users.AddToRoleAsync(user, input.Role);
        return added.Errors.Select(e => e.Description).ToList();
    }

    public async Task<IReadOnlyList<string>> UpdateAsync(string userId, string displayName, string extension, string role)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return ["That user no longer exists."];
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(displayName)) errors.Add("A display name is required.");
        if (!Roles.IsKnown(role)) errors.Add($"Role must be one of {string.Join(", ", Roles.All)}.");
        errors.AddRange(await ValidateExtensionAsync(extension, exceptUserId: userId));
        if (role != Roles.Admin && await IsLastActiveAdminAsync(user)) errors.Add("At least one active admin must remain: make someone else an admin first.");
        if (errors.Count > 0) return errors;

        user.DisplayName = displayName.Trim();
        user.Extension = extension.Trim();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return updated.Errors.Select(e => e.Description).ToList();

        var current = await users.GetRolesAsync(user);
        if (current.SequenceEqual([role])) return [];
        await users.RemoveFromRolesAsync(user, current);
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded) return added.Errors.Select(e => e.Description).ToList();
        // The old role lives on in sign-in cookies and open consoles until they are told.
        await SignOutEverywhereAsync(user);
        return [];
    }

    /// <summary>Replaces the password with a generated one, shown once to the admin who hands it over. Signs the user out everywhere.</summary>
    public async Task<(string? Password, IReadOnlyList<string> Errors)> ResetPasswordAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted) return (null, ["That user no longer exists."]);
        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return (null, reset.Errors.Select(e => e.Description).ToList());
        await users.SetLockoutEndDateAsync(user, null);
        await changes.PublishAsync(new AccountChanged(user.Id));
        return (password, []);
    }

    /// <summary>
    /// Deactivates a user: sign-in is refused, their open consoles close, and their open chats go back to their queues.
    /// Returns the errors; an admin cannot deactivate themselves.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeactivateAsync(string userId, Viewer admin)
    {
        if (userId == admin.UserId) return ["You cannot deactivate your own account."];
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted) return ["That user no longer exists."];
        if (user.DeactivatedAt is not null) return [];
        user.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return updated.Errors.Select(e => e.Description).ToList();
        await SignOutEverywhereAsync(user);
        await offers.ReturnToQueuesAsync(user.Id, admin.UserId);
        return [];
    }

    public async Task<IReadOnlyList<string>> ReactivateAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted) return ["That user no longer exists."];
        user.DeactivatedAt = null;
        return (await users.UpdateAsync(user)).Errors.Select(e => e.Description).ToList();
    }

    /// <summary>
    /// Deletes a user's account: their sign-in identity, roles and queue places go, their open chats return to their
    /// queues. The row stays, deactivated and without e-mail or password, so the history still shows who handled what.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(string userId, Viewer admin)
    {
        if (userId == admin.UserId) return ["You cannot delete your own account."];
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted) return ["That user no longer exists."];

        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
        var tombstone = $"deleted-{user.Id}@deleted.invalid";
        user.UserName = user.Email = tombstone;
        // Extensions are digits only, so this never collides with a real one and frees the user's number.
        user.Extension = "#" + user.Id[..Math.Min(15, user.Id.Length)];
        user.IsDeleted = true;
        user.DeactivatedAt ??= clock.GetUtcNow().UtcDateTime;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return updated.Errors.Select(e => e.Description).ToList();

        await writer.WriteAsync(async (db, token) =>
        {
            await db.QueueMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(token);
            await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(token);
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(token);
            await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(token);
            await db.UserPasskeys.Where(p => p.UserId == userId).ExecuteDeleteAsync(token);
            return true;
        });
        await SignOutEverywhereAsync(user);
        await offers.ReturnToQueuesAsync(user.Id, admin.UserId);
        return [];
    }

    private async Task<bool> IsLastActiveAdminAsync(ApplicationUser user) =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).Where(admin => admin.DeactivatedAt is null).Select(admin => admin.Id).SequenceEqual([user.Id]);

    /// <summary>A new security stamp voids every sign-in cookie of the user; the signal closes their open consoles.</summary>
    private async Task SignOutEverywhereAsync(ApplicationUser user)
    {
        await users.UpdateSecurityStampAsync(user);
        await changes.PublishAsync(new AccountChanged(user.Id));
    }

    /// <summary>A password that satisfies the default Identity rules, for scripted installs.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var body = RandomNumberGenerator.GetString(alphabet, 14);
        return body + "!7a";
    }

    private async Task<IEnumerable<string>> ValidateExtensionAsync(string extension, string? exceptUserId)
    {
        var trimmed = extension?.Trim() ?? "";
        if (trimmed.Length is 0 or > 16 || !trimmed.All(char.IsAsciiDigit))
            return ["The extension must be 1 to 16 digits."];
        var taken = await users.Users.AnyAsync(u => u.Extension == trimmed && u.Id != exceptUserId);
        return taken ? [$"Extension {trimmed} is already in use."] : [];
    }
}
