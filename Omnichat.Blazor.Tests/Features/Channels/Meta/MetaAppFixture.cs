using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels.Meta;

/// <summary>The app with its Graph API pointed at a fake, and the processor driven by the tests.</summary>
public sealed class MetaAppFixture : IAsyncLifetime
{
    public FakeGraphApi Graph { get; private set; } = null!;
    public OmnichatAppFactory Factory { get; private set; } = null!;
    public TestWorld World { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Graph = await FakeGraphApi.StartAsync();
        Factory = new OmnichatAppFactory
        {
            RunBackgroundWorkers = false,
            Settings = { ["Omnichat:Meta:GraphBaseUrl"] = Graph.BaseUrl, ["Omnichat:Meta:GraphVersion"] = FakeGraphApi.Version },
        };
        World = new TestWorld(Factory.Services);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Graph.DisposeAsync();
    }
}
