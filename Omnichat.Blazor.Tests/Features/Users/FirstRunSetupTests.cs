using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Users;

/// <summary>The first visitors of a new install race to create its administrator: exactly one does.</summary>
public sealed class FirstRunSetupTests : IAsyncLifetime
{
    private readonly OmnichatAppFactory factory = new() { RunBackgroundWorkers = false };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Ten_first_visitors_at_once_make_one_administrator_and_the_setup_page_is_gone_however_it_is_written()
    {
        var setup = factory.Services.GetRequiredService<SetupState>();
        var attempts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await setup.CreateFirstAdminAsync(scope.ServiceProvider.GetRequiredService<UserAccounts>(),
                new NewUser($"Admin {i}", $"admin{i}@example.test", Roles.Admin, $"10{i}", "Sup3r-secret!"));
        }));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r is { Count: 0 });
        Assert.Equal(9, results.Count(r => r is null));
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<Omnichat.Blazor.Data.OmnichatDbContext>>().CreateDbContextAsync())
            Assert.Equal(1, await db.Users.CountAsync());

        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/SETUP/")).StatusCode);
    }
}
