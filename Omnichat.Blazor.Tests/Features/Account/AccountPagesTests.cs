using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Account;

/// <summary>The account pages speak the visitor's language and keep Identity's protections: lockout and two-factor sign-in.</summary>
public sealed class AccountPagesTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_sign_in_page_is_Dutch_for_a_Dutch_browser_and_English_otherwise()
    {
        var dutchBrowser = HttpSignIn.NewClient(app.Factory);
        dutchBrowser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl-NL,nl;q=0.9");
        var dutch = await dutchBrowser.GetStringAsync("/Account/Login");

        var english = await HttpSignIn.NewClient(app.Factory).GetStringAsync("/Account/Login");

        Assert.Contains("Aanmelden bij Omnichat", dutch);
        Assert.Contains("Wachtwoord vergeten?", dutch);
        Assert.Contains("<html lang=\"nl\"", dutch);
        Assert.Contains("Sign in to Omnichat", english);
        Assert.DoesNotContain("Use a local account", english);
        Assert.DoesNotContain("bootstrap", english);
    }

    [Fact]
    public async Task The_culture_cookie_chooses_Dutch_for_the_forgot_password_page()
    {
        var client = HttpSignIn.NewClient(app.Factory);
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dnl%7Cuic%3Dnl");

        var page = await client.GetStringAsync("/Account/ForgotPassword");

        Assert.Contains("Herstellink sturen", page);
    }

    [Fact]
    public async Task A_wrong_password_says_so_in_Dutch_and_five_wrong_passwords_lock_the_account()
    {
        var email = (await app.World.ProfileAsync(await app.World.UserAsync())).Email;
        var client = HttpSignIn.NewClient(app.Factory);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl");

        var wrong = await HttpSignIn.PostAsync(client, email, "Wrong-pass1!");
        Assert.Contains("Het e-mailadres of wachtwoord klopt niet.", await wrong.Content.ReadAsStringAsync());
        for (var attempt = 2; attempt <= 4; attempt++) await HttpSignIn.PostAsync(client, email, "Wrong-pass1!");
        var fifth = await HttpSignIn.PostAsync(client, email, "Wrong-pass1!");

        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.EndsWith("/Account/Lockout", fifth.Headers.Location!.ToString());
        Assert.Contains("Dit account is geblokkeerd", await client.GetStringAsync(fifth.Headers.Location));
        // Locked means locked: the right password does not sign in either.
        var rightPassword = await HttpSignIn.PostAsync(client, email, TestWorld.Password);
        Assert.EndsWith("/Account/Lockout", rightPassword.Headers.Location!.ToString());
    }

    [Fact]
    public async Task With_two_factor_on_the_password_alone_does_not_sign_in_and_a_recovery_code_does()
    {
        var user = await app.World.UserAsync();
        var email = (await app.World.ProfileAsync(user)).Email;
        string recoveryCode;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var entity = (await users.FindByIdAsync(user.UserId))!;
            await users.ResetAuthenticatorKeyAsync(entity);
            await users.SetTwoFactorEnabledAsync(entity, true);
            recoveryCode = (await users.GenerateNewTwoFactorRecoveryCodesAsync(entity, 10))!.First();
        }
        var client = HttpSignIn.NewClient(app.Factory);

        var password = await HttpSignIn.PostAsync(client, email, TestWorld.Password);
        Assert.Contains("Account/LoginWith2fa", password.Headers.Location!.ToString());
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/Account/Manage")).StatusCode);
        var twoFactorPage = await client.GetStringAsync(password.Headers.Location);
        Assert.Contains("Authenticator code", twoFactorPage);

        var wrongCode = await PostFormAsync(client, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", ("Input.RecoveryCode", "nope-nope"));
        Assert.Contains("That recovery code is not valid.", await wrongCode.Content.ReadAsStringAsync());
        var signedIn = await PostFormAsync(client, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", ("Input.RecoveryCode", recoveryCode));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var manage = await client.GetAsync("/Account/Manage/TwoFactorAuthentication");
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
        Assert.Contains("Recovery codes left: 9.", await manage.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, params (string Name, string Value)[] fields)
    {
        var token = await HttpSignIn.AntiforgeryTokenAsync(client, path);
        var form = new Dictionary<string, string> { ["_handler"] = formName, ["__RequestVerificationToken"] = token };
        foreach (var (name, value) in fields) form[name] = value;
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }
}
