namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>One running app (in-memory server, real SQLite file) shared by the tests of a class.</summary>
public class AppFixture : IAsyncLifetime
{
    public OmnichatAppFactory Factory { get; protected init; } = new();
    public TestWorld World { get; private set; } = null!;

    public Task InitializeAsync()
    {
        // Touching Services builds and starts the host: migrations run exactly as on a real start.
        World = new TestWorld(Factory.Services);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
