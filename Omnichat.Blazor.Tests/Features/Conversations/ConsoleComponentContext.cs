using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>A bUnit context with what the console components need: MudBlazor, the app's strings and a clock.</summary>
public static class ConsoleComponentContext
{
    public static BunitContext Create()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        context.Services.AddLocalization();
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddScoped<Omnichat.Blazor.Features.Users.UserClock>();
        return context;
    }
}
