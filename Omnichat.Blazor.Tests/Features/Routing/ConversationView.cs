using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Resources;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Routing;

/// <summary>The conversation view in a console of <see cref="AppComponentContext"/>, with its dialog host.</summary>
public static class ConversationView
{
    public static IRenderedComponent<Providers> Render(AppFixture app, BunitContext ctx, Viewer viewer, long conversationId)
    {
        // The view's dialog flows open their dialogs in this console's dialog host, not in one of the app's.
        ctx.Services.AddScoped<CapacityPrompt>();
        ctx.Services.AddScoped<ReversibleActions>();
        ctx.Services.AddScoped(console => new TransferFlow(app.Factory.Services.GetRequiredService<Colleagues>(),
            app.Factory.Services.GetRequiredService<ConversationLifecycle>(), console.GetRequiredService<IDialogService>(),
            console.GetRequiredService<ISnackbar>(), console.GetRequiredService<IStringLocalizer<Strings>>()));
        return ctx.Render<Providers>(p => p.AddChildContent<ConversationPanel>(panel => panel
            .Add(c => c.Viewer, viewer)
            .Add(c => c.ConversationId, conversationId)));
    }
}
