using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests;

public class CompositionTests
{
    [Fact]
    public async Task How_long_and_how_many_disconnected_consoles_are_kept_comes_from_the_settings()
    {
        await using var app = new OmnichatAppFactory
        {
            Settings =
            {
                ["Omnichat:Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:45",
                ["Omnichat:Circuits:DisconnectedCircuitMaxRetained"] = "7",
            },
        };

        var circuits = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(45), 7), (circuits.DisconnectedCircuitRetentionPeriod, circuits.DisconnectedCircuitMaxRetained));
    }
}
