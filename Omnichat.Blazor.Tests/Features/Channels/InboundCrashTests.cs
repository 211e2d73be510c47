using System.Net;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

public class InboundCrashTests
{
    [Fact]
    public async Task Events_acknowledged_before_a_crash_are_processed_once_after_restart()
    {
        const string token = "0123456789abcdef0123456789abcdef";
        var dataDirectory = Path.Combine(Path.GetTempPath(), "omnichat-tests", Guid.NewGuid().ToString("N"));
        var sids = Enumerable.Range(0, 5).Select(_ => TwilioTestKit.NewSid()).ToList();
        string channelKey;

        // First life: webhooks are acknowledged, then the process dies before its processor ran.
        await using (var crashed = new OmnichatAppFactory { DataDirectory = dataDirectory, RunBackgroundWorkers = false, DeleteDataOnDispose = false })
        {
            var world = new TestWorld(crashed.Services);
            var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: token);
            channelKey = account.Key;
            using var client = crashed.CreateClient();
            foreach (var sid in sids)
            {
                var response = await client.SendAsync(TwilioTestKit.Signed($"http://localhost/webhooks/twilio/{channelKey}",
                    TwilioTestKit.IncomingSms("+31633333333", $"Message {sid}", sid), token));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            await using var db = await world.CreateDbAsync();
            Assert.Equal(0, await db.Messages.CountAsync(m => sids.Contains(m.ProviderMessageId!)));
        }

        // Second life: the background processor picks up every stored event.
        await using var restarted = new OmnichatAppFactory { DataDirectory = dataDirectory };
        var restartedWorld = new TestWorld(restarted.Services);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int processed;
        do
        {
            await Task.Delay(100);
            await using var db = await restartedWorld.CreateDbAsync();
            processed = await db.InboundEvents.CountAsync(e => e.ProcessedAt != null);
        } while (processed < sids.Count && DateTime.UtcNow < deadline);

        await using var check = await restartedWorld.CreateDbAsync();
        Assert.Equal(sids.Count, processed);
        Assert.Equal(sids.Order(), (await check.Messages.Where(m => sids.Contains(m.ProviderMessageId!)).Select(m => m.ProviderMessageId!).ToListAsync()).Order());
        Assert.Single(await check.Conversations.Where(c => c.ChannelAccount!.Key == channelKey).ToListAsync());
    }
}
