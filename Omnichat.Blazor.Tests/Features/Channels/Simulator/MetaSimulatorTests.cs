using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Users;
using System.Net.Http.Json;
using Omnichat.Blazor.Tests.E2E;
using Omnichat.Blazor.Tests.Features.Files;

namespace Omnichat.Blazor.Tests.Features.Channels.Simulator;

/// <summary>
/// The simulator plays Messenger and WhatsApp Cloud API users against the real, signed Meta endpoint, and stands in
/// for the Graph API for simulated channels, on a listening app with its background workers running.
/// </summary>
public sealed class MetaSimulatorTests : IAsyncLifetime
{
    private readonly LiveApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private MetaCustomerPhone Phone => app.Factory.Services.GetRequiredService<MetaCustomerPhone>();
    private SimulatorPhones Phones => app.Factory.Services.GetRequiredService<SimulatorPhones>();

    private async Task<(ChannelAccount Account, Viewer Agent)> SimulatedAsync(ChannelKind kind)
    {
        var agent = await app.World.UserAsync();
        return (await app.World.SimulatedMetaAccountAsync(await app.World.QueueAsync(AssignmentStrategy.All, [agent]), kind), agent);
    }

    /// <summary>Polls the database until <paramref name="query"/> finds something: the background workers take their own time.</summary>
    private async Task<T> WaitForAsync<T>(Func<OmnichatDbContext, Task<T?>> query)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = await app.World.CreateDbAsync())
            {
                if (await query(db) is { } found) return found;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The simulated round trip did not finish in time.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_simulated_messenger_user_is_heard_through_the_signed_webhook_and_the_reply_comes_back_delivered_and_read()
    {
        var (account, agent) = await SimulatedAsync(ChannelKind.Facebook);

        Assert.Equal(200, await Phone.SendAsync(account, MetaCustomerPhone.DefaultMessengerUser, null, "Is the spring sale still on?"));
        var inbound = await WaitForAsync(db => db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Body == "Is the spring sale still on?" && db.Conversations.Any(c => c.Id == m.ConversationId && c.ChannelAccountId == account.Id)));
        Assert.Equal(MessageDirection.Inbound, inbound.Direction);

        var reply = (await app.World.Lifecycle.ReplyAsync(inbound.ConversationId, agent, "Yes, until Sunday.")).Message!;
        var read = await WaitForAsync(db => db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == reply.Id && m.State == DeliveryState.Read));

        Assert.StartsWith("m_", read.ProviderMessageId);
        var onPhone = Assert.Single(Phones.Thread(account.Key, MetaCustomerPhone.DefaultMessengerUser), m => !m.FromCustomer);
        Assert.Equal(("Yes, until Sunday.", read.ProviderMessageId, "read"), (onPhone.Body, onPhone.Sid, onPhone.Status));
    }

    [Fact]
    public async Task A_simulated_whatsapp_document_is_fetched_through_the_simulated_graph_media_api_and_the_reply_is_read()
    {
        var (account, agent) = await SimulatedAsync(ChannelKind.WhatsApp);
        var file = new SimulatedFile("invoice 10442.pdf", "application/pdf", FileSamples.Pdf());

        Assert.Equal(200, await Phone.SendAsync(account, "+31687654321", "Maria Jansen", "My invoice", file));
        var stored = await WaitForAsync(db => db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.OriginalName == "invoice 10442.pdf"));
        Assert.Equal(FileSamples.Pdf().Length, stored.Size);
        var inbound = await WaitForAsync(db => db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == stored.MessageId));
        await using (var db = await app.World.CreateDbAsync())
        {
            var contact = await db.Conversations.Where(c => c.Id == inbound.ConversationId).Select(c => c.Contact!.Name).SingleAsync();
            Assert.Equal(("My invoice", "Maria Jansen"), (inbound.Body, contact));
        }

        var reply = (await app.World.Lifecycle.ReplyAsync(inbound.ConversationId, agent, "Thanks, we will look into it.")).Message!;
        await WaitForAsync(db => db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == reply.Id && m.State == DeliveryState.Read));
        Assert.Contains(Phones.Thread(account.Key, "+31687654321"), m => !m.FromCustomer && m.Body == "Thanks, we will look into it." && m.Status == "read");
    }

    [Fact]
    public async Task The_simulated_graph_api_refuses_a_send_without_the_channels_access_token()
    {
        var (account, _) = await SimulatedAsync(ChannelKind.Facebook);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}{MetaSimulatorApi.BasePath}/v23.0/{account.Address}/messages")
        {
            Content = JsonContent.Create(new { recipient = new { id = "7100000000000002" }, messaging_type = "RESPONSE", message = new { text = "Hi" } }),
            Headers = { Authorization = new("Bearer", "someone-elses-token") },
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Empty(Phones.Thread(account.Key, "7100000000000002"));
    }
}
