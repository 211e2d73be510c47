using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Users;

/// <summary>Password spraying from one address is slowed down; the person at that address is told why.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private readonly AppFixture app = new LimitedApp();

    private sealed class LimitedApp : AppFixture
    {
        public LimitedApp() => Factory = new OmnichatAppFactory { Settings = { ["Omnichat:SignIn:AttemptsPerMinutePerIp"] = "3" } };
    }

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Attempts_beyond_the_limit_per_address_are_refused_with_a_clear_message_even_with_the_right_password()
    {
        var user = await app.World.UserAsync();
        var email = (await app.World.ProfileAsync(user)).Email;
        var client = HttpSignIn.NewClient(app.Factory);
        for (var attempt = 0; attempt < 3; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await HttpSignIn.PostAsync(client, email, "Wrong-pass1!")).StatusCode);

        var limited = await HttpSignIn.PostAsync(client, email, TestWorld.Password);

        Assert.Equal(HttpStatusCode.SeeOther, limited.StatusCode);
        Assert.Equal("60", limited.Headers.RetryAfter!.ToString());
        var page = await client.GetStringAsync(limited.Headers.Location);
        Assert.Contains("Too many sign-in attempts from your network. Wait a minute and try again.", page);
        Assert.DoesNotContain(".AspNetCore.Identity.Application", string.Join(";", limited.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []));
        // Showing the sign-in page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }
}

/// <summary>The language choice changes the account, so it is a form post with an antiforgery token.</summary>
public sealed class LanguageSwitchTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_language_changes_only_through_a_form_post_with_the_antiforgery_token()
    {
        var user = await app.World.UserAsync();
        var client = await HttpSignIn.SignedInAsync(app.Factory, (await app.World.ProfileAsync(user)).Email);
        FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
            new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

        var byLink = await client.GetAsync("/language/nl?returnUrl=/");
        var forged = await client.PostAsync("/language", Form(("language", "nl"), ("returnUrl", "/")));
        Assert.NotEqual(HttpStatusCode.Redirect, byLink.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("en", await LanguageOfAsync(user));

        var token = await HttpSignIn.AntiforgeryTokenAsync(client, "/settings/chat");
        var posted = await client.PostAsync("/language", Form(("language", "nl"), ("returnUrl", "/settings/chat"), ("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/settings/chat", posted.Headers.Location!.ToString());
        Assert.Equal("nl", await LanguageOfAsync(user));
        Assert.Contains("Meldingen in de app", await client.GetStringAsync("/settings/chat"));
    }

    private async Task<string> LanguageOfAsync(Viewer user)
    {
        await using var db = await app.World.CreateDbAsync();
        return db.Users.Single(u => u.Id == user.UserId).UiLanguage;
    }
}

/// <summary>The console never ends up without an admin to manage it.</summary>
public sealed class LastAdminTests : IAsyncLifetime
{
    private readonly AppFixture app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_until_someone_else_is_admin()
    {
        var admin = await app.World.UserAsync(Roles.Admin);
        var colleague = await app.World.UserAsync();
        var profile = await app.World.ProfileAsync(admin);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();

        var refused = await accounts.UpdateAsync(admin.UserId, profile.DisplayName, profile.Extension, Roles.Agent);

        Assert.Equal(["At least one active admin must remain: make someone else an admin first."], refused);
        var colleagueProfile = await app.World.ProfileAsync(colleague);
        Assert.Empty(await accounts.UpdateAsync(colleague.UserId, colleagueProfile.DisplayName, colleagueProfile.Extension, Roles.Admin));
        Assert.Empty(await accounts.UpdateAsync(admin.UserId, profile.DisplayName, profile.Extension, Roles.Agent));
    }
}
