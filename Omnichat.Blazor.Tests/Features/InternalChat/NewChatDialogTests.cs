using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Conversations;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.InternalChat;

/// <summary>"New chat" in a console on the running app: find colleagues, start a chat, open it.</summary>
public class NewChatDialogTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    private static IRenderedComponent<Providers> Console(BunitContext ctx, Viewer viewer) =>
        ctx.Render<Providers>(p => p.AddChildContent<NewChatButton>(b => b.Add(c => c.Viewer, viewer)));

    private static async Task PickAsync(IRenderedComponent<Providers> console, string search, string extension)
    {
        // The first field of the dialog is the colleague search.
        console.Find("[data-testid=new-chat-dialog] input").Input(search);
        var option = $"[data-testid=colleague-option][data-extension='{extension}']";
        await console.WaitForAssertionAsync(() => Assert.Single(console.FindAll("[data-testid=colleague-option]")), TimeSpan.FromSeconds(10));
        await console.Find(option).ClickAsync(new());
        await console.WaitForAssertionAsync(() => Assert.NotEmpty(console.FindAll($"[data-testid=chosen-colleague][data-extension='{extension}']")));
    }

    /// <summary>The button's click lasts until the dialog closes, so it is awaited only once the chat was started.</summary>
    private static async Task<Task> OpenAsync(IRenderedComponent<Providers> console)
    {
        var click = console.Find("[data-testid=new-chat]").ClickAsync(new());
        await console.WaitForElementAsync("[data-testid=new-chat-dialog]");
        return click;
    }

    private static async Task<string> StartAsync(BunitContext ctx, IRenderedComponent<Providers> console, Task opening)
    {
        await console.Find("[data-testid=new-chat-start]").ClickAsync(new());
        await opening;
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        await console.WaitForAssertionAsync(() => Assert.Contains("/conversations/", navigation.Uri));
        return navigation.Uri;
    }

    [Fact]
    public async Task Finds_a_colleague_by_name_starts_a_chat_and_finding_them_again_by_extension_reopens_it()
    {
        var anna = await world.UserAsync(name: $"Anna {Guid.NewGuid():N}");
        var bobName = $"Bob {Guid.NewGuid():N}";
        var bob = await world.UserAsync(name: bobName);
        var bobExtension = (await world.ProfileAsync(bob)).Extension;
        await using var ctx = AppComponentContext.For(app, anna);
        var console = Console(ctx, anna);

        var opening = await OpenAsync(console);
        await PickAsync(console, bobName[..12], bobExtension);
        var started = await StartAsync(ctx, console, opening);

        await using var db = await world.CreateDbAsync();
        var chat = db.Conversations.Single(c => c.DirectKey == Omnichat.Blazor.Features.Conversations.Conversation.DirectKeyOf(anna.UserId, bob.UserId));
        Assert.EndsWith($"/conversations/{chat.Id}", started);

        // Later, in a fresh console: the same colleague, found by extension, opens the chat they already have.
        await using var later = AppComponentContext.For(app, anna);
        var again = Console(later, anna);
        var reopening = await OpenAsync(again);
        await PickAsync(again, bobExtension, bobExtension);
        Assert.EndsWith($"/conversations/{chat.Id}", await StartAsync(later, again, reopening));
        Assert.Single(db.Conversations.Where(c => c.DirectKey == chat.DirectKey));
    }

    [Fact]
    public async Task Two_colleagues_make_a_group_that_starts_only_once_it_has_a_name()
    {
        var anna = await world.UserAsync(name: $"Anna {Guid.NewGuid():N}");
        var (bob, carol) = (await world.UserAsync(name: $"Bob {Guid.NewGuid():N}"), await world.UserAsync(name: $"Carol {Guid.NewGuid():N}"));
        await using var ctx = AppComponentContext.For(app, anna);
        var console = Console(ctx, anna);
        var opening = await OpenAsync(console);

        foreach (var colleague in new[] { bob, carol })
        {
            var profile = await world.ProfileAsync(colleague);
            await PickAsync(console, profile.DisplayName, profile.Extension);
        }
        Assert.True(console.Find("[data-testid=new-chat-start]").HasAttribute("disabled"));
        console.Find("input[data-testid=new-chat-group-name], [data-testid=new-chat-group-name] input").Input("Weekend rota");
        await console.WaitForAssertionAsync(() => Assert.False(console.Find("[data-testid=new-chat-start]").HasAttribute("disabled")));
        var started = await StartAsync(ctx, console, opening);

        var id = long.Parse(started[(started.LastIndexOf('/') + 1)..]);
        var chat = await world.LoadAsync(id);
        Assert.Equal("Weekend rota", chat.Title);
        await using var db = await world.CreateDbAsync();
        Assert.Equal(new[] { anna.UserId, bob.UserId, carol.UserId }.Order(), db.ConversationMembers.Where(m => m.ConversationId == id).Select(m => m.UserId).ToList().Order());
    }
}
