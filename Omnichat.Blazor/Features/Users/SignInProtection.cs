using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Channels.LiveChat;

namespace Omnichat.Blazor.Features.Users;

/// <summary>Refuses sign-in, and every existing sign-in, of a deactivated user.</summary>
public sealed class OmnichatSignInManager(
    UserManager<ApplicationUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) => user.DeactivatedAt is null && await base.CanSignInAsync(user);

    public override async Task<ApplicationUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal) =>
        await base.ValidateSecurityStampAsync(principal) is { DeactivatedAt: null } user ? user : null;
}

/// <summary>
/// Checks the sign-in cookie's security stamp on every request (one indexed read), so a role change, deactivation or
/// password reset ends the old cookie at once. A valid cookie is kept as it is rather than re-issued each time.
/// </summary>
public sealed class SecurityStampCheckedOnEveryRequest(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<ApplicationUser> signIn,
    ILoggerFactory logger)
    : SecurityStampValidator<ApplicationUser>(options, signIn, logger)
{
    protected override Task SecurityStampVerified(ApplicationUser user, CookieValidatePrincipalContext context) => Task.CompletedTask;
}

public sealed class SignInLimitOptions
{
    /// <summary>Sign-in attempts (password, two-factor code, recovery code) one IP address may make per minute.</summary>
    public int AttemptsPerMinutePerIp { get; set; } = 10;
}

/// <summary>
/// Per-IP limit on sign-in attempts against password spraying, on top of the per-account lockout. A refused attempt
/// goes back to the sign-in page, which says why.
/// </summary>
public sealed class SignInRateLimit(IOptions<SignInLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Policy = "sign-in";
    public const string LimitedQuery = "limited";

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        // Showing the page is no attempt. Its own key: partitions are cached by key, and an unknown address is "".
        !HttpMethods.IsPost(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("page")
            : RateLimitPartition.GetFixedWindowLimiter(LiveChatEndpoints.ClientIp(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.AttemptsPerMinutePerIp,
                Window = TimeSpan.FromMinutes(1),
            });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.RetryAfter = "60";
        response.Headers.Location = $"/Account/Login?{LimitedQuery}=true";
        return ValueTask.CompletedTask;
    };
}
