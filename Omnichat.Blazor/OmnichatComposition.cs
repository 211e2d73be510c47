using Microsoft.AspNetCore.Components.Server;
using MudBlazor;
using MudBlazor.Services;
using Omnichat.Blazor.Components;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Demo;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Supervision;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor;

public static class OmnichatComposition
{
    public static readonly string[] Languages = ["en", "nl"];

    public static WebApplicationBuilder AddOmnichat(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // How long, and how many, consoles that lost their connection keep their state to reconnect (see the sample settings).
        builder.Services.Configure<CircuitOptions>(builder.Configuration.GetSection("Omnichat:Circuits"));
        // Notices appear bottom left, clear of the conversation menu at the top and the composer at the bottom right.
        builder.Services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft);
        builder.Services.AddLocalization();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient();

        builder.AddOmnichatData();
        builder.AddUsers();
        builder.AddRouting();
        builder.AddConversations();
        builder.AddInternalChat();
        builder.AddContacts();
        builder.AddChannels();
        builder.AddLiveChat();
        builder.AddNotifications();
        builder.AddFiles();
        builder.AddTemplates();
        builder.AddLabels();
        builder.AddNotes();
        builder.AddSupervision();
        builder.AddSatisfaction();
        builder.AddDemo();
        return builder;
    }

    public static WebApplication MapOmnichat(this WebApplication app)
    {
        app.UseTrustedForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseFirstRunSetup();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseRequestLocalization(options =>
        {
            options.SetDefaultCulture(Languages[0]).AddSupportedCultures(Languages).AddSupportedUICultures(Languages);
            options.RequestCultureProviders.Insert(0, new UserLanguage.FromSignIn());
        });
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapLanguageSwitch();
        app.MapChannels();
        app.MapLiveChat();
        app.MapSatisfaction();
        app.MapFiles();
        return app;
    }

    /// <summary>Runs until the host stops. A background worker that died takes the host down, and then the exit code says so.</summary>
    public static async Task<int> RunUntilStoppedAsync(this WebApplication app)
    {
        // Taken before the run: the services are disposed when it ends.
        var workers = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        await app.RunAsync();
        return workers.Any(w => w.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
    }
}
