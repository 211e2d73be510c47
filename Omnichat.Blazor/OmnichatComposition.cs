using MudBlazor.Services;
using Omnichat.Blazor.Components;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Demo;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor;

public static class OmnichatComposition
{
    public static readonly string[] Languages = ["en", "nl"];

    public static WebApplicationBuilder AddOmnichat(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddOmnichatData();
        builder.AddUsers();
        builder.AddRouting();
        builder.AddConversations();
        builder.AddContacts();
        builder.AddChannels();
        builder.AddDemo();
        return builder;
    }

    public static WebApplication MapOmnichat(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(options => options
            .SetDefaultCulture(Languages[0])
            .AddSupportedCultures(Languages)
            .AddSupportedUICultures(Languages));
        app.UseFirstRunSetup();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
