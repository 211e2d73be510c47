using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Omnichat.Blazor.Features.Users;

/// <summary>
/// The interface language: the signed-in user's own choice (carried in the sign-in cookie), otherwise the browser's.
/// </summary>
public static class UserLanguage
{
    public const string Claim = "omnichat:language";

    /// <summary>Reads the user's language from their sign-in, before the browser's Accept-Language is consulted.</summary>
    public sealed class FromSignIn : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Task.FromResult(httpContext.User.FindFirstValue(Claim) is { Length: > 0 } language ? new ProviderCultureResult(language) : null);
    }

    /// <summary>A path on this site: "/x", not "//host" or "/\\host", which browsers read as another site.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>
    /// Saves the choice and renews the sign-in cookie so the next page is in the new language. A form post with an
    /// antiforgery token: it changes the user's account, so another site must not be able to trigger it.
    /// </summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/language", async ([FromForm] string language, [FromForm] string? returnUrl, ClaimsPrincipal principal,
            UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn) =>
        {
            if (!OmnichatComposition.Languages.Contains(language)) return Results.BadRequest("Unknown language.");
            var user = await users.GetUserAsync(principal);
            if (user is null) return Results.Unauthorized();
            user.UiLanguage = language;
            await users.UpdateAsync(user);
            await signIn.RefreshSignInAsync(user);
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).RequireAuthorization();
        return endpoints;
    }
}
