using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>Signs in through the real sign-in page over HTTP, as a browser's form post does, and keeps the cookies.</summary>
public static partial class HttpSignIn
{
    /// <summary>A client with a cookie jar that follows no redirects, so a test sees each answer as it is.</summary>
    public static HttpClient NewClient(OmnichatAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the sign-in form; returns the answer (a redirect when signed in, the page again with a message when not).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>A client signed in as the user with that e-mail and password; fails the test when sign-in does not succeed.</summary>
    public static async Task<HttpClient> SignedInAsync(OmnichatAppFactory app, string email, string password = TestWorld.Password)
    {
        var client = NewClient(app);
        var response = await PostAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token a page renders into its forms (and the cookie that goes with it).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string pagePath)
    {
        var page = await client.GetStringAsync(pagePath);
        return TokenField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"{pagePath} rendered no antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
