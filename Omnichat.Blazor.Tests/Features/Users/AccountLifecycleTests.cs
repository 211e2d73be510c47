using System.Net;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Omnichat.Blazor.Components.Account;
using Omnichat.Blazor.Components.Account.Shared;
using Omnichat.Blazor.Components.Layout;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Users;

/// <summary>What an admin does to an account reaches that user's sign-in cookies and open consoles at once.</summary>
public sealed class AccountLifecycleTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    private async Task<T> WithAccountsAsync<T>(Func<UserAccounts, Task<T>> use)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    private async Task<string> EmailOfAsync(Viewer user) => (await world.ProfileAsync(user)).Email;

    [Fact]
    public async Task Demotion_takes_effect_in_an_open_console()
    {
        var (admin, otherAdmin) = (await world.UserAsync(Roles.Admin), await world.UserAsync(Roles.Admin));
        var profile = await world.ProfileAsync(admin);
        await using var console = await OpenConsoleAsync(admin);
        var page = console.Page;
        await page.WaitForAssertionAsync(() => Assert.NotEmpty(page.FindAll("a[href='admin/users']")));

        Assert.Empty(await WithAccountsAsync(a => a.UpdateAsync(admin.UserId, profile.DisplayName, profile.Extension, Roles.Agent)));

        // The console drops its admin screens and goes to the sign-in page; the next sign-in carries the new role.
        await page.WaitForAssertionAsync(() => Assert.Contains("Account/Login", console.Navigation.Uri));
        Assert.Empty(page.FindAll("a[href='admin/users']"));
        Assert.Empty(page.FindAll("[data-testid=no-selection]"));
        // Another admin's console is left alone.
        await using var untouched = await OpenConsoleAsync(otherAdmin);
        await untouched.Page.WaitForAssertionAsync(() => Assert.NotEmpty(untouched.Page.FindAll("a[href='admin/users']")));
    }

    [Fact]
    public async Task Deactivation_closes_open_consoles_refuses_sign_in_and_returns_open_chats_to_the_queue()
    {
        var (anna, bob, admin) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Where is my parcel?");
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(chat.ConversationId, anna));
        var cookie = await HttpSignIn.SignedInAsync(app.Factory, await EmailOfAsync(anna));
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/settings/chat")).StatusCode);
        await using var console = await OpenConsoleAsync(anna);
        await console.Page.WaitForAssertionAsync(() => Assert.NotEmpty(console.Page.FindAll("[data-testid=no-selection]")));

        Assert.Empty(await WithAccountsAsync(a => a.DeactivateAsync(anna.UserId, admin)));

        await console.Page.WaitForAssertionAsync(() => Assert.Contains("Account/Login", console.Navigation.Uri));
        Assert.Empty(console.Page.FindAll("[data-testid=no-selection]"));
        var withOldCookie = await cookie.GetAsync("/settings/chat");
        Assert.Equal(HttpStatusCode.Redirect, withOldCookie.StatusCode);
        Assert.Contains("/Account/Login", withOldCookie.Headers.Location!.ToString());

        var refused = await HttpSignIn.PostAsync(HttpSignIn.NewClient(app.Factory), await EmailOfAsync(anna), TestWorld.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This account has been deactivated. Ask an administrator to reactivate it.", await refused.Content.ReadAsStringAsync());
        // Without the password nobody learns that the account exists.
        var guessed = await HttpSignIn.PostAsync(HttpSignIn.NewClient(app.Factory), await EmailOfAsync(anna), "Wrong-pass1!");
        Assert.DoesNotContain("deactivated", await guessed.Content.ReadAsStringAsync());

        var returned = await world.LoadAsync(chat.ConversationId);
        Assert.Null(returned.OwnerId);
        Assert.Equal([bob.UserId], returned.Offers.Select(o => o.UserId));
        var audit = returned.Events.OrderBy(e => e.Id).Last();
        Assert.Equal((ConversationEventKind.ReturnedToQueue, admin.UserId, anna.UserId), (audit.Kind, audit.ActorId, audit.TargetId));
        Assert.Contains(await world.RecentAsync(bob), i => i.Id == chat.ConversationId && i.OwnerName == null);
    }

    [Fact]
    public async Task A_chat_offered_only_to_a_deactivated_user_is_offered_to_the_rest_of_the_queue()
    {
        var (anna, bob, admin) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.RoundRobin, [anna, bob]));
        using var annaOnline = world.Presence.Connect(anna.UserId);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Equal([anna.UserId], (await world.LoadAsync(chat.ConversationId)).Offers.Select(o => o.UserId));

        Assert.Empty(await WithAccountsAsync(a => a.DeactivateAsync(anna.UserId, admin)));

        Assert.Equal([bob.UserId], (await world.LoadAsync(chat.ConversationId)).Offers.Select(o => o.UserId));
        Assert.Contains(await world.RecentAsync(bob), i => i.Id == chat.ConversationId);
    }

    [Fact]
    public async Task A_reactivated_user_signs_in_again_and_gets_new_chats_again()
    {
        var (anna, admin) = (await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        Assert.Empty(await WithAccountsAsync(a => a.DeactivateAsync(anna.UserId, admin)));
        var whileAway = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Empty((await world.LoadAsync(whileAway.ConversationId)).Offers);

        Assert.Empty(await WithAccountsAsync(a => a.ReactivateAsync(anna.UserId)));

        await HttpSignIn.SignedInAsync(app.Factory, await EmailOfAsync(anna));
        var after = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Equal([anna.UserId], (await world.LoadAsync(after.ConversationId)).Offers.Select(o => o.UserId));
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_or_delete_their_own_account()
    {
        var admin = await world.UserAsync(Roles.Admin);

        Assert.NotEmpty(await WithAccountsAsync(a => a.DeactivateAsync(admin.UserId, admin)));
        Assert.NotEmpty(await WithAccountsAsync(a => a.DeleteAsync(admin.UserId, admin)));

        await HttpSignIn.SignedInAsync(app.Factory, await EmailOfAsync(admin));
    }

    [Fact]
    public async Task A_reset_password_is_generated_replaces_the_old_one_and_ends_existing_sign_ins()
    {
        var (anna, _) = (await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var email = await EmailOfAsync(anna);
        var cookie = await HttpSignIn.SignedInAsync(app.Factory, email);

        var (password, errors) = await WithAccountsAsync(a => a.ResetPasswordAsync(anna.UserId));

        Assert.Empty(errors);
        Assert.NotEqual(TestWorld.Password, password);
        Assert.Equal(HttpStatusCode.Redirect, (await cookie.GetAsync("/settings/chat")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await HttpSignIn.PostAsync(HttpSignIn.NewClient(app.Factory), email, TestWorld.Password)).StatusCode);
        await HttpSignIn.SignedInAsync(app.Factory, email, password!);
    }

    [Fact]
    public async Task A_deleted_user_cannot_sign_in_and_their_conversations_keep_their_name()
    {
        var anna = await world.UserAsync(name: "Anna Deleted-Later");
        var (bob, admin) = (await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var chat = await world.CustomerWritesAsync(channel, TestWorld.NewPhone(), "Hi");
        Assert.True((await world.Lifecycle.ReplyAsync(chat.ConversationId, anna, "Hello, Anna here")).Outcome == Outcome.Done);
        var email = await EmailOfAsync(anna);

        Assert.Empty(await WithAccountsAsync(a => a.DeleteAsync(anna.UserId, admin)));

        Assert.Equal(HttpStatusCode.OK, (await HttpSignIn.PostAsync(HttpSignIn.NewClient(app.Factory), email, TestWorld.Password)).StatusCode);
        var directory = app.Factory.Services.GetRequiredService<UserDirectory>();
        Assert.DoesNotContain(await directory.ListAsync(), u => u.Id == anna.UserId);
        Assert.DoesNotContain(await directory.TransferTargetsAsync(), u => u.Id == anna.UserId);
        var thread = await world.ThreadAsync(chat.ConversationId, bob);
        Assert.Contains(thread!.OfType<MessageLine>(), m => m is { Body: "Hello, Anna here", AuthorName: "Anna Deleted-Later" });
        Assert.Contains(thread!.OfType<EventLine>(), e => e is { Kind: ConversationEventKind.ReturnedToQueue, TargetName: "Anna Deleted-Later" });
        // Their extension is free for a new colleague.
        var extension = (await world.ProfileAsync(anna)).Extension;
        Assert.DoesNotMatch("^[0-9]+$", extension);
    }

    [Fact]
    public async Task Users_cannot_delete_their_own_account_from_manage_account()
    {
        var anna = await world.UserAsync();
        var client = await HttpSignIn.SignedInAsync(app.Factory, await EmailOfAsync(anna));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Account/Manage/DeletePersonalData")).StatusCode);
        Assert.DoesNotContain("DeletePersonalData", await client.GetStringAsync("/Account/Manage/PersonalData"));
    }

    /// <summary>A console of the user as the app composes it: the layout, the console page, the real sign-in revalidation.</summary>
    private async Task<OpenConsole> OpenConsoleAsync(Viewer user)
    {
        TestLocalization.English();
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        var scope = app.Factory.Services.CreateAsyncScope();
        ctx.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        var services = app.Factory.Services;
        var authentication = new IdentityRevalidatingAuthenticationStateProvider(services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<IOptions<IdentityOptions>>());
        var userEntity = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(user.UserId);
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(userEntity!);
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        // The real authorization services in place of bUnit's stand-ins.
        ctx.Services.RemoveAll<IAuthorizationService>();
        ctx.Services.RemoveAll<IAuthorizationPolicyProvider>();
        ctx.Services.AddAuthorizationCore();
        ctx.Services.AddSingleton<AuthenticationStateProvider>(authentication);
        ctx.Services.AddCascadingAuthenticationState();

        var page = ctx.Render<AuthorizeRouteView>(p => p
            .Add(v => v.RouteData, new RouteData(typeof(ConsolePage), new Dictionary<string, object?>()))
            .Add(v => v.DefaultLayout, typeof(MainLayout))
            .Add(v => v.NotAuthorized, _ => builder =>
            {
                builder.OpenComponent<RedirectToLogin>(0);
                builder.CloseComponent();
            }));
        return new OpenConsole(ctx, page, ctx.Services.GetRequiredService<NavigationManager>(), scope);
    }

    private sealed record OpenConsole(BunitContext Context, IRenderedComponent<AuthorizeRouteView> Page, NavigationManager Navigation, AsyncServiceScope Scope)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Context.DisposeAsync();
            await Scope.DisposeAsync();
        }
    }
}
