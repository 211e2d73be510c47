using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Channels.Twilio;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Omnichat.Blazor.Tests.Features.Channels.Simulator;

/// <summary>The simulator's stand-in for Twilio's Messages API, read through the Twilio SDK as the console reads it.</summary>
public sealed class SimulatorApiTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private readonly OmnichatAppFactory factory = new() { RunBackgroundWorkers = false };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Lists_what_the_console_sent_to_one_simulated_customer_newest_first_as_twilio_does()
    {
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), ChannelKind.WhatsApp, Token);
        var (customer, someoneElse) = (TestWorld.NewPhone(), TestWorld.NewPhone());
        var at = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
        var phones = factory.Services.GetRequiredService<SimulatorPhones>();
        phones.Record(account.Key, customer, new SimulatedMessage(true, "Where is my parcel?", at, "SMin"));
        phones.Record(account.Key, customer, new SimulatedMessage(false, "It ships today", at.AddSeconds(1), "SMout1", "delivered"));
        phones.Record(account.Key, customer, new SimulatedMessage(false, "Tracking: 123", at.AddSeconds(2), "SMout2", "queued"));
        phones.Record(account.Key, someoneElse, new SimulatedMessage(false, "Not for this customer", at, "SMother", "sent"));

        var http = factory.CreateDefaultClient(new RewriteHostHandler(() => new Uri("http://localhost" + SimulatorApi.BasePath)));
        var client = new TwilioRestClient(account.ProviderAccountId, Token, accountSid: account.ProviderAccountId, httpClient: new SystemNetHttpClient(http));
        var listed = await MessageResource.ReadAsync(new ReadMessageOptions
        {
            From = new PhoneNumber("whatsapp:+31200000000"), To = new PhoneNumber($"whatsapp:{customer}"), PageSize = 20,
        }, client);

        Assert.Equal(
            [("SMout2", "Tracking: 123", at.AddSeconds(2), "queued"), ("SMout1", "It ships today", at.AddSeconds(1), "delivered")],
            listed.Select(m => (m.Sid, m.Body, m.DateCreated!.Value.ToUniversalTime(), m.Status.ToString())));
    }

    [Fact]
    public async Task Shows_an_approved_template_sent_by_content_sid_with_its_variables_on_the_simulated_phone()
    {
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), ChannelKind.WhatsApp, Token);
        var customer = TestWorld.NewPhone();
        var http = factory.CreateDefaultClient(new RewriteHostHandler(() => new Uri("http://localhost" + SimulatorApi.BasePath)));
        var client = new TwilioRestClient(account.ProviderAccountId, Token, accountSid: account.ProviderAccountId, httpClient: new SystemNetHttpClient(http));
        var contentSid = "HX" + new string('a', 32);

        await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber($"whatsapp:{customer}"))
        {
            From = new PhoneNumber("whatsapp:+31200000000"), ContentSid = contentSid, ContentVariables = """{"1":"Maria","2":"Support"}""",
        }, client);

        var shown = Assert.Single(factory.Services.GetRequiredService<SimulatorPhones>().Thread(account.Key, customer));
        Assert.Equal($"[{contentSid}] Maria | Support", shown.Body);
    }

    [Fact]
    public async Task Answers_anonymous_calls_401_and_a_malformed_authorization_400_with_the_reason_and_sends_nothing()
    {
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), ChannelKind.WhatsApp, Token);
        var customer = TestWorld.NewPhone();
        var url = $"{SimulatorApi.BasePath}/2010-04-01/Accounts/{account.ProviderAccountId}/Messages.json";
        HttpRequestMessage Send(string? authorization)
        {
            var request = new HttpRequestMessage(System.Net.Http.HttpMethod.Post, url)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = $"whatsapp:{customer}", ["Body"] = "Hi" }),
            };
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            return request;
        }
        using var http = factory.CreateClient();

        var anonymous = await http.SendAsync(Send(null));
        var notBase64 = await http.SendAsync(Send("Basic %%%not-base64%%%"));
        var wrongToken = await http.SendAsync(Send("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{account.ProviderAccountId}:wrong"))));
        var listed = await http.SendAsync(new HttpRequestMessage(System.Net.Http.HttpMethod.Get, $"{url}?To=whatsapp:{Uri.EscapeDataString(customer)}") { Headers = { { "Authorization", "Basic !!" } } });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notBase64.StatusCode);
        Assert.Contains("must be Basic with the Base64 of AccountSid:AuthToken", await notBase64.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, listed.StatusCode);
        Assert.Empty(factory.Services.GetRequiredService<SimulatorPhones>().Thread(account.Key, customer));
    }
}
