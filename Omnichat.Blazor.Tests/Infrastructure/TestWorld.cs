using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Meta;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// Builds people, queues and channels through the app's own services. Every name is unique, so tests sharing one
/// database never see each other's data.
/// </summary>
public sealed class TestWorld(IServiceProvider services)
{
    private static int nextExtension = 1000;

    public ConversationLifecycle Lifecycle => services.GetRequiredService<ConversationLifecycle>();
    public ConversationIntake Intake => services.GetRequiredService<ConversationIntake>();
    public OfferWidening OfferWidening => services.GetRequiredService<OfferWidening>();
    public InboxQuery Inbox => services.GetRequiredService<InboxQuery>();
    public InternalChats InternalChats => services.GetRequiredService<InternalChats>();

    /// <summary>An internal chat <paramref name="starter"/> starts: one-to-one with one colleague, or the named group.</summary>
    public async Task<long> InternalChatAsync(Viewer starter, Viewer[] colleagues, string? groupName = null)
    {
        var (outcome, id) = await InternalChats.StartAsync(starter, new NewChatRequest(colleagues.Select(c => c.UserId).ToList(), groupName));
        Assert.Equal(Outcome.Done, outcome);
        return id!.Value;
    }

    /// <summary>The viewer's Recent list, unfiltered (first page).</summary>
    public async Task<IReadOnlyList<InboxItem>> RecentAsync(Viewer viewer) => (await Inbox.RecentAsync(viewer, new InboxFilter())).Items;

    /// <summary>The conversation as the viewer may read it, or null when they may not.</summary>
    public Task<ThreadPage?> ThreadAsync(long conversationId, Viewer viewer) =>
        services.GetRequiredService<ConversationReader>().ThreadAsync(conversationId, viewer);
    public ConversationBus Bus => services.GetRequiredService<ConversationBus>();
    public AgentPresence Presence => services.GetRequiredService<AgentPresence>();
    public QueueAdmin Queues => services.GetRequiredService<QueueAdmin>();

    public const string Password = "Test-pass1!";

    public static string EmailOf(string extension) => $"user{extension}@test.omnichat";

    public async Task<Viewer> UserAsync(string role = Roles.Agent, bool away = false, string? name = null)
    {
        var extension = Interlocked.Increment(ref nextExtension).ToString();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = EmailOf(extension);
        var errors = await accounts.CreateAsync(new NewUser(name ?? $"User {extension}", email, role, extension, Password));
        Assert.Empty(errors);
        await using var db = await CreateDbAsync();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        if (away) await services.GetRequiredService<AgentPresence>().SetAwayAsync(id, true);
        return new Viewer(id, role == Roles.Admin, role == Roles.Supervisor);
    }

    public sealed record Profile(string DisplayName, string Email, string Extension);

    public async Task<Profile> ProfileAsync(Viewer user)
    {
        await using var db = await CreateDbAsync();
        return await db.Users.Where(u => u.Id == user.UserId).Select(u => new Profile(u.DisplayName, u.Email!, u.Extension)).SingleAsync();
    }

    public async Task<Viewer[]> AgentsAsync(int count)
    {
        var agents = new Viewer[count];
        for (var i = 0; i < count; i++) agents[i] = await UserAsync();
        return agents;
    }

    public async Task<int> QueueAsync(AssignmentStrategy strategy, IEnumerable<Viewer> members, int topN = 3, int? maxOpen = null, int? offerTimeoutSeconds = null)
    {
        var admin = services.GetRequiredService<QueueAdmin>();
        var (queue, error) = await admin.CreateAsync(new QueueSettings($"Queue {Guid.NewGuid():N}", strategy, topN, maxOpen, offerTimeoutSeconds));
        Assert.Null(error);
        await admin.SetMembersAsync(queue!.Id, members.Select(m => m.UserId).ToList());
        return queue.Id;
    }

    public async Task<int> ChannelAsync(int queueId, ChannelKind kind = ChannelKind.Sms) => (await TwilioAccountAsync(queueId, kind)).Id;

    /// <summary>A Twilio channel; simulated unless told otherwise, with the given or a generated auth token.</summary>
    public async Task<ChannelAccount> TwilioAccountAsync(int queueId, ChannelKind kind = ChannelKind.Sms, string? authToken = null, bool simulated = true)
    {
        var (account, error) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(
            kind, $"ch-{Guid.NewGuid():N}", "Test channel", "+31200000000", queueId,
            SimulatedTwilioAccount.NewAccountSid(), authToken ?? SimulatedTwilioAccount.NewAuthToken(), simulated));
        Assert.Null(error);
        return account!;
    }

    /// <summary>A Messenger page or WhatsApp Cloud API number through Meta, signed with <see cref="MetaTestKit.AppSecret"/>.</summary>
    public async Task<ChannelAccount> MetaAccountAsync(int queueId, ChannelKind kind, string accessToken = "meta-access-token", bool useHumanAgentTag = false)
    {
        var (account, error) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(
            kind, $"meta-{Guid.NewGuid():N}", "Test channel", Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(), queueId,
            Secret: accessToken, Provider: ChannelProvider.Meta, AppSecret: MetaTestKit.AppSecret, VerifyToken: MetaTestKit.VerifyToken,
            UseHumanAgentTag: useHumanAgentTag));
        Assert.Null(error);
        return account!;
    }

    /// <summary>A Messenger page or WhatsApp Cloud API number that talks to the built-in simulator instead of Meta.</summary>
    public async Task<ChannelAccount> SimulatedMetaAccountAsync(int queueId, ChannelKind kind)
    {
        var (account, error) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(
            kind, $"sim-{Guid.NewGuid():N}", kind == ChannelKind.Facebook ? "Simulated page" : "Simulated WhatsApp", "109876543210", queueId,
            Secret: SimulatedMetaApp.NewSecret(), IsSimulated: true, Provider: ChannelProvider.Meta, AppSecret: SimulatedMetaApp.NewSecret(),
            VerifyToken: ChannelAdmin.NewVerifyToken()));
        Assert.Null(error);
        return account!;
    }

    /// <summary>A queue of the given members with one SMS channel routing to it.</summary>
    public async Task<int> ChannelForAsync(AssignmentStrategy strategy, params Viewer[] members) =>
        await ChannelAsync(await QueueAsync(strategy, members));

    public static string NewPhone() => $"+316{Random.Shared.Next(10_000_000, 99_999_999)}";

    public Task<InboundResult> CustomerWritesAsync(int channelId, string from, string body = "Hello?", string? providerId = null) =>
        Intake.ReceiveAsync(new InboundMessage(channelId, IdentityKind.Phone, from, null, body, providerId));

    /// <summary>Runs the inbound processor as its background worker would, until no event is due and every download has ended.</summary>
    public async Task ProcessInboundAsync()
    {
        var processor = services.GetRequiredService<InboundProcessor>();
        while (await processor.ProcessPendingAsync() > 0) { }
        await processor.DownloadsSettledAsync();
    }

    public async Task<Conversation> LoadAsync(long conversationId)
    {
        await using var db = await CreateDbAsync();
        return await db.Conversations
            .Include(c => c.Offers).Include(c => c.Messages).Include(c => c.Events).Include(c => c.Contact)
            .AsNoTracking().SingleAsync(c => c.Id == conversationId);
    }

    public async Task<OmnichatDbContext> CreateDbAsync() =>
        await services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
}
