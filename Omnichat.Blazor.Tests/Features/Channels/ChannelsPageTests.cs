using Bunit;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

public sealed class ChannelsPageTests
{
    [Fact]
    public async Task Every_address_to_paste_into_Twilio_has_a_button_that_copies_exactly_it()
    {
        await using var factory = new OmnichatAppFactory { RunBackgroundWorkers = false, Settings = { ["Omnichat:PublicBaseUrl"] = "https://support.example.com" } };
        var world = new TestWorld(factory.Services);
        var admin = await world.UserAsync(Roles.Admin);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [admin]), simulated: false);
        using var ctx = AppComponentContext.For(factory, admin);
        var page = ctx.Render<ChannelsPage>();
        await page.WaitForElementAsync("[data-testid=webhook-url]");

        foreach (var (field, expected) in new[]
                 {
                     ("webhook-url", $"https://support.example.com/webhooks/twilio/{account.Key}"),
                     ("status-url", $"https://support.example.com/webhooks/twilio/{account.Key}/status"),
                 })
        {
            var shown = page.Find($"[data-testid={field}]");
            Assert.Equal(expected, shown.TextContent);
            await shown.ParentElement!.QuerySelector("[data-testid=copy]")!.ClickAsync(new());
            Assert.Equal(expected, ctx.JSInterop.Invocations["navigator.clipboard.writeText"][^1].Arguments[0]);
        }
    }
}
