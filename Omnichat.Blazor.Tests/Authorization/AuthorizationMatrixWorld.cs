using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Authorization;

/// <summary>One conversation made for one cell: a live chat from a visitor, with a sent and an unsent file.</summary>
public sealed record MatrixScene(long ConversationId, LiveChatVisitor Visitor, string VisitorText, long SentFileId, string SentFileMediaPath,
    string DraftFileMediaPath);

/// <summary>
/// The people of the matrix, made once: signed in over HTTP through the real sign-in page, each with their own
/// cookies. A live-chat site routes to a queue of the offered agent, the owner, a colleague and the deactivated user.
/// </summary>
public sealed class AuthorizationMatrixWorld : AppFixture, IAsyncLifetime
{
    public const string SiteOrigin = "https://shop.example.test";
    private static int nextIp;

    public Viewer Outsider { get; private set; } = null!;
    public Viewer Offered { get; private set; } = null!;
    public Viewer Owner { get; private set; } = null!;
    public Viewer Colleague { get; private set; } = null!;
    public Viewer Supervisor { get; private set; } = null!;
    public Viewer Admin { get; private set; } = null!;
    public Viewer Deactivated { get; private set; } = null!;
    public Viewer TransferTarget { get; private set; } = null!;
    public Site Site { get; private set; } = null!;
    public string OtherVisitorToken { get; private set; } = "";
    public string OtherVisitorIp { get; private set; } = "";
    public long OtherVisitorConversationId { get; private set; }

    private readonly Dictionary<Principal, HttpClient> clients = [];

    public IServiceProvider Services => Factory.Services;

    // Media links name the public address; the in-memory server has none of its own.
    public AuthorizationMatrixWorld() => Factory = new OmnichatAppFactory { Settings = { ["Omnichat:PublicBaseUrl"] = "https://support.example.test" } };

    public HttpClient ClientOf(Principal who) => clients[who];

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Outsider = await World.UserAsync();
        (Offered, Owner, Colleague, Deactivated) = (await World.UserAsync(), await World.UserAsync(), await World.UserAsync(), await World.UserAsync());
        (Supervisor, Admin, TransferTarget) = (await World.UserAsync(Roles.Supervisor), await World.UserAsync(Roles.Admin), await World.UserAsync());
        await World.QueueAsync(AssignmentStrategy.All, [Outsider]);
        var queue = await World.QueueAsync(AssignmentStrategy.All, [Offered, Owner, Colleague, Deactivated]);
        var (account, error) = await Services.GetRequiredService<ChannelAdmin>()
            .CreateAsync(new ChannelSettings(ChannelKind.LiveChat, $"site-{Guid.NewGuid():N}", "Shop", SiteOrigin, queue));
        Assert.Null(error);
        Assert.Null(await Services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = account!.Id, AllowedOrigins = SiteOrigin }));
        Site = (await Visitors.FindSiteAsync(account.Key))!;
        var other = await NewVisitorAsync("Other visitor");
        (OtherVisitorToken, OtherVisitorIp) = (other.Token, other.Visitor.LastIp!);
        Assert.Null(await Visitors.SendAsync(Site, other.Visitor, "The other visitor's own question", null, OtherVisitorIp));
        var otherContactId = await Visitors.ContactIdAsync(other.Visitor);
        await using (var db = await World.CreateDbAsync())
            OtherVisitorConversationId = await db.Conversations.Where(c => c.ContactId == otherContactId).Select(c => c.Id).SingleAsync();

        clients[Principal.Anonymous] = HttpSignIn.NewClient(Factory);
        clients[Principal.OtherVisitor] = HttpSignIn.NewClient(Factory);
        foreach (var (who, user) in new[] { (Principal.AgentNotInQueue, Outsider), (Principal.OfferedAgent, Offered), (Principal.Owner, Owner),
                     (Principal.AgentAfterClaim, Colleague), (Principal.Supervisor, Supervisor), (Principal.Admin, Admin), (Principal.DeactivatedUser, Deactivated) })
            clients[who] = await HttpSignIn.SignedInAsync(Factory, (await World.ProfileAsync(user)).Email);
        await using var scope = Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAccounts>().DeactivateAsync(Deactivated.UserId, Admin));
    }

    public new async Task DisposeAsync()
    {
        foreach (var client in clients.Values) client.Dispose();
        await base.DisposeAsync();
    }

    public LiveChatVisitors Visitors => Services.GetRequiredService<LiveChatVisitors>();

    /// <summary>A visitor of the site from an address of their own, so blocking one blocks nobody else.</summary>
    public async Task<(LiveChatVisitor Visitor, string Token)> NewVisitorAsync(string name)
    {
        var ip = $"203.0.113.{Interlocked.Increment(ref nextIp) % 250 + 1}";
        var token = await Visitors.StartAsync(Site, name, null, ip);
        return ((await Visitors.FindVisitorAsync(Site, token))!, token);
    }

    /// <summary>A new chat from a new visitor, offered to the queue; claimed by the owner unless the offered agent is to try.</summary>
    public async Task<MatrixScene> NewSceneAsync(bool claimedByOwner)
    {
        var (visitor, _) = await NewVisitorAsync("Victor Visitor");
        var text = $"Private question {Guid.NewGuid():N}";
        Assert.Null(await Visitors.SendAsync(Site, visitor, text, null, visitor.LastIp!));
        await using var db = await World.CreateDbAsync();
        var contactId = await Visitors.ContactIdAsync(visitor);
        var conversation = await db.Conversations.Where(c => c.ContactId == contactId).Select(c => new { c.Id, FirstMessage = c.Messages.Min(m => m.Id) }).SingleAsync();
        if (claimedByOwner) Assert.Equal(Omnichat.Blazor.Features.Conversations.Outcome.Done, await World.Lifecycle.ClaimAsync(conversation.Id, Owner));

        var store = Services.GetRequiredService<FileStore>();
        var sent = (await store.SaveAsync(conversation.Id, "invoice.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.LiveChat, conversation.FirstMessage)).File!;
        var draft = (await store.SaveAsync(conversation.Id, "draft.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.LiveChat)).File!;
        var links = Services.GetRequiredService<MediaLinks>();
        return new MatrixScene(conversation.Id, visitor, text, sent.Id, links.For(sent.Id).AbsolutePath, links.For(draft.Id).AbsolutePath);
    }

    /// <summary>A request to the visitor API as the site's page makes it, with the given bearer token.</summary>
    public static HttpRequestMessage VisitorRequest(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", SiteOrigin);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
