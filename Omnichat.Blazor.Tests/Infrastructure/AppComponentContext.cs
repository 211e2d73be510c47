using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// A bUnit context on a running app's services (bus, feed, database), signed in as one user: a console of that user.
/// Notices stay until something removes them, so a test sees what the console did, not a timer.
/// </summary>
public static class AppComponentContext
{
    public static BunitContext For(AppFixture app, Viewer user) => For(app.Factory, user);

    public static BunitContext For(OmnichatAppFactory factory, Viewer user)
    {
        TestLocalization.English();
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.SnackbarConfiguration.VisibleStateDuration = int.MaxValue;
        });
        ctx.Services.AddLocalization();
        // A scope, as a circuit has: the app's singletons are shared, its scoped services are this console's own.
        var scope = factory.Services.CreateAsyncScope();
        ctx.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        ctx.AddAuthorization().SetAuthorized(user.UserId).SetClaims(new Claim(ClaimTypes.NameIdentifier, user.UserId));
        return ctx;
    }
}
