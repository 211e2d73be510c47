using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Security;

/// <summary>The console's pages carry the browser protections; a deployed console over HTTPS adds HSTS.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly OmnichatAppFactory production = new() { Environment = "Production", RunBackgroundWorkers = false };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await production.DisposeAsync();

    [Fact]
    public async Task The_sign_in_page_forbids_framing_foreign_scripts_and_sniffing_and_https_adds_hsts()
    {
        using var https = production.CreateClient(new() { BaseAddress = new Uri("https://support.example.test") });
        using var http = production.CreateClient(new() { BaseAddress = new Uri("http://support.example.test") });

        var page = await https.GetAsync("/Account/Login");
        var plain = await http.GetAsync("/Account/Login");

        page.EnsureSuccessStatusCode();
        var policy = page.Headers.GetValues("Content-Security-Policy").Single().Split("; ");
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("connect-src 'self' wss://support.example.test ws://support.example.test", policy);
        Assert.Contains("style-src 'self' 'unsafe-inline'", policy);
        var scripts = Assert.Single(policy, p => p.StartsWith("script-src "));
        Assert.Matches("^script-src 'self' 'nonce-[0-9a-f]{32}'$", scripts);
        // The nonce is the one the page's inline import map carries, and no script is allowed inline otherwise.
        var nonce = scripts["script-src 'self' 'nonce-".Length..^1];
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await page.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        // Each page gets a nonce of its own.
        Assert.DoesNotContain(nonce, plain.Headers.GetValues("Content-Security-Policy").Single());
    }
}
