using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Notifications;

public class ChatSettingsPageTests
{
    private const string UserId = "agent-1";

    private static async Task<(ComponentTestContext Ctx, BunitJSModuleInterop Browser)> CreateAsync(string permission)
    {
        var ctx = await ComponentTestContext.CreateAsync(
            ctx =>
            {
                ctx.Services.AddSingleton<ChatSettings>();
                ctx.AddAuthorization().SetAuthorized("Ann").SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
            },
            db => db.Users.Add(new ApplicationUser { Id = UserId, UserName = "a@test", Email = "a@test", DisplayName = "Ann", Extension = "101" }));
        var browser = ctx.JSInterop.SetupModule("./js/notifications.js");
        browser.Setup<string>("permission").SetResult(permission);
        browser.Setup<string>("requestPermission").SetResult(permission == "default" ? "granted" : permission);
        browser.Setup<bool>("play", _ => true).SetResult(true);
        return (ctx, browser);
    }

    [Fact]
    public async Task Changes_are_saved_per_user_and_announced_to_the_users_other_consoles()
    {
        var (ctx, browser) = await CreateAsync("default");
        await using var _ = ctx;
        var settings = ctx.Services.GetRequiredService<ChatSettings>();
        var announced = new List<UserChatSettings>();
        using var subscription = settings.Subscribe(announced.Add);
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<ChatSettingsPage>();

        await page.WaitForAssertionAsync(() => Assert.Contains("Notification sound", page.Markup));
        page.Find("[data-testid=setting-sound]").Change(false);
        page.Find("[data-testid=setting-web]").Change(true);

        await page.WaitForAssertionAsync(() => Assert.Equal(2, announced.Count));
        var saved = await settings.GetAsync(UserId);
        Assert.Equal((false, true, true), (saved.SoundEnabled, saved.WebNotifications, saved.InAppNotifications));
        Assert.Single(browser.Invocations, i => i.Identifier == "requestPermission");
        Assert.All(announced, s => Assert.Equal(UserId, s.UserId));
    }

    [Fact]
    public async Task A_browser_that_denies_notifications_is_shown_and_web_notifications_stay_off()
    {
        var (ctx, _) = await CreateAsync("denied");
        await using var __ = ctx;
        var page = ctx.Render<ChatSettingsPage>();

        await page.WaitForAssertionAsync(() => Assert.Contains("blocks notifications", page.Find("[data-testid=permission-denied]").TextContent));
        page.Find("[data-testid=setting-web]").Change(true);

        await page.WaitForAssertionAsync(async () => Assert.False((await ctx.Services.GetRequiredService<ChatSettings>().GetAsync(UserId)).WebNotifications));
    }

    [Fact]
    public async Task The_preview_button_plays_the_chosen_sound()
    {
        var (ctx, browser) = await CreateAsync("granted");
        await using var _ = ctx;
        var page = ctx.Render<ChatSettingsPage>();

        await page.WaitForAssertionAsync(() => page.Find("[data-testid=sound-preview]"));
        page.Find("[data-testid=sound-preview]").Click();

        await page.WaitForAssertionAsync(() => Assert.Equal("chime", Assert.Single(browser.Invocations, i => i.Identifier == "play").Arguments[0]));
    }

    [Fact]
    public async Task The_page_lists_what_one_is_notified_of_internal_messages_snoozes_and_mentions_included()
    {
        var (ctx, _) = await CreateAsync("granted");
        await using var __ = ctx;
        var page = ctx.Render<ChatSettingsPage>();

        await page.WaitForAssertionAsync(() => Assert.Equal(
            new[] { "a new chat is offered to you", "a customer writes in a chat you own", "a chat is transferred to you", "a colleague sends you an internal message",
                "a chat you snoozed comes back", "a colleague mentions you in a private note" },
            page.FindAll("[data-testid=notification-reasons] li").Select(li => li.TextContent.Trim())));
    }
}
