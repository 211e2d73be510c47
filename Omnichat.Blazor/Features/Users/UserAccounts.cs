using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Users;

public sealed record NewUser(string DisplayName, string Email, string Role, string Extension, string Password, string UiLanguage = "en");

/// <summary>Creating and maintaining console users; shared by the setup page, the admin page, the CLI and the demo.</summary>
public sealed class UserAccounts(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles)
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
        if (errors.Count > 0) return errors;

        user.DisplayName = displayName.Trim();
        user.Extension = extension.Trim();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return updated.Errors.Select(e => e.Description).ToList();

        var current = await users.GetRolesAsync(user);
        if (current.SequenceEqual([role])) return [];
        await users.RemoveFromRolesAsync(user, current);
        return (await users.AddToRoleAsync(user, role)).Errors.Select(e => e.Description).ToList();
    }

    public async Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string newPassword)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return ["That user no longer exists."];
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (reset.Succeeded) await users.SetLockoutEndDateAsync(user, null);
        return reset.Errors.Select(e => e.Description).ToList();
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
