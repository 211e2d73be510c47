using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Omnichat.Blazor.Components.Account;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Users;

public static class UsersFeature
{
    /// <summary>Identity's tables with passkeys; every database context builds its model with this version.</summary>
    public static readonly Version IdentitySchema = IdentitySchemaVersions.Version3;

    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // Admins create accounts; nobody confirms an e-mail to sign in.
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Stores.SchemaVersion = IdentitySchema;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OmnichatDbContext>()
            .AddSignInManager<OmnichatSignInManager>()
            .AddClaimsPrincipalFactory<OmnichatClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<ISecurityStampValidator, SecurityStampCheckedOnEveryRequest>();
        services.AddSingleton<AccountChanges>();

        services.Configure<SignInLimitOptions>(builder.Configuration.GetSection("Omnichat:SignIn"));
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, SignInRateLimit>(SignInRateLimit.Policy));

        services.AddScoped<UserAccounts>();
        services.AddScoped<UserClock>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SetupState>();
        return builder;
    }

    /// <summary>Until the first admin exists, every page leads to /setup; afterwards /setup is gone.</summary>
    public static WebApplication UseFirstRunSetup(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var state = context.RequestServices.GetRequiredService<SetupState>();
            var path = context.Request.Path;
            var isSetupPage = SetupState.IsSetupPage(path);
            var needsSetup = await state.IsNeededAsync(context.RequestServices);
            if (needsSetup && !isSetupPage && !SetupState.IsInfrastructure(path))
            {
                context.Response.Redirect(SetupState.Path);
                return;
            }
            if (!needsSetup && isSetupPage)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next();
        });
        return app;
    }
}

/// <summary>Remembers once the first admin exists, so the check costs one query per process, not per request.</summary>
public sealed class SetupState
{
    public const string Path = "/setup";
    private readonly SemaphoreSlim creating = new(1, 1);
    private volatile bool completed;

    /// <summary>The setup page, however it is written: the router also takes <c>/setup/</c>.</summary>
    public static bool IsSetupPage(PathString path) =>
        path.Value?.TrimEnd('/').Equals(Path, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// Creates the first admin unless a user exists. One at a time: of several first visitors posting at once, only one
    /// creates an admin. Returns the errors, or null when someone else already set the console up.
    /// </summary>
    public async Task<IReadOnlyList<string>?> CreateFirstAdminAsync(UserAccounts accounts, NewUser admin)
    {
        await creating.WaitAsync();
        try
        {
            if (await accounts.AnyUserExistsAsync()) return null;
            var errors = await accounts.CreateAsync(admin);
            if (errors.Count == 0) MarkCompleted();
            return errors;
        }
        finally
        {
            creating.Release();
        }
    }

    public void MarkCompleted() => completed = true;

    public async Task<bool> IsNeededAsync(IServiceProvider requestServices)
    {
        if (completed) return false;
        completed = await requestServices.GetRequiredService<UserAccounts>().AnyUserExistsAsync();
        return !completed;
    }

    public static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor")
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/webhooks") || path.StartsWithSegments("/livechat")
        || System.IO.Path.HasExtension(path.Value);
}
