using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Authorization;

/// <summary>One conversation made for one cell: a live chat from a visitor, with a sent and an unsent file.</summary>
/// <param name="Other">Another visitor of the site with a conversation of their own, for the <see cref="Principal.OtherVisitor"/>.</param>
/// <param name="EarlierConversationId">An earlier chat of the same contact, dealt with by a colleague who is none of the principals.</param>
/// <param name="Note">A private note on the chat, by whoever may act on it, that mentions the <see cref="Principal.MentionedAgent"/>.</param>
public sealed record MatrixScene(long ConversationId, int ContactId, LiveChatVisitor Visitor, string VisitorText, long SentFileId, string SentFileMediaPath,
    string DraftFileMediaPath, OtherVisitor Other, long EarlierConversationId, SceneNote Note);

/// <summary>The scene's private note: its id, a word only it holds, and who wrote it.</summary>
public sealed record SceneNote(long Id, string Word, Viewer Author);

/// <summary>A visitor's credential and address, and their own conversation.</summary>
public sealed record OtherVisitor(string Token, string Ip, long ConversationId);

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
    public Viewer Mentioned { get; private set; } = null!;
    public Site Site { get; private set; } = null!;
    /// <summary>An internal chat the owner started with the offered agent: theirs alone, whatever anyone else's role.</summary>
    public long InternalChatId { get; private set; }

    private readonly Dictionary<Principal, HttpClient> clients = [];

    public IServiceProvider Services => Factory.Services;

    // Media links name the public address; the in-memory server has none of its own.
    public AuthorizationMatrixWorld() => Factory = new OmnichatAppFactory { Settings = { ["Omnichat:PublicBaseUrl"] = "https://support.example.test" } };

    public HttpClient ClientOf(Principal who) => clients[who];

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (Outsider, Mentioned) = (await World.UserAsync(), await World.UserAsync());
        (Offered, Owner, Colleague, Deactivated) = (await World.UserAsync(), await World.UserAsync(), await World.UserAsync(), await World.UserAsync());
        (Supervisor, Admin, TransferTarget) = (await World.UserAsync(Roles.Supervisor), await World.UserAsync(Roles.Admin), await World.UserAsync());
        await World.QueueAsync(AssignmentStrategy.All, [Outsider, Mentioned]);
        var queue = await World.QueueAsync(AssignmentStrategy.All, [Offered, Owner, Colleague, Deactivated]);
        var (account, error) = await Services.GetRequiredService<ChannelAdmin>()
            .CreateAsync(new ChannelSettings(ChannelKind.LiveChat, $"site-{Guid.NewGuid():N}", "Shop", SiteOrigin, queue));
        Assert.Null(error);
        Assert.Null(await Services.GetRequiredService<LiveChatSites>().SaveAsync(new LiveChatSite { ChannelAccountId = account!.Id, AllowedOrigins = SiteOrigin }));
        Site = (await Visitors.FindSiteAsync(account.Key))!;
        clients[Principal.Anonymous] = HttpSignIn.NewClient(Factory);
        clients[Principal.OtherVisitor] = HttpSignIn.NewClient(Factory);
        foreach (var (who, user) in new[] { (Principal.AgentNotInQueue, Outsider), (Principal.OfferedAgent, Offered), (Principal.Owner, Owner),
                     (Principal.AgentAfterClaim, Colleague), (Principal.Supervisor, Supervisor), (Principal.Admin, Admin), (Principal.DeactivatedUser, Deactivated),
                     (Principal.MentionedAgent, Mentioned) })
            clients[who] = await HttpSignIn.SignedInAsync(Factory, (await World.ProfileAsync(user)).Email);
        await using var scope = Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAccounts>().DeactivateAsync(Deactivated.UserId, Admin));
        InternalChatId = await World.InternalChatAsync(Owner, [Offered]);
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
        var n = Interlocked.Increment(ref nextIp);
        var token = await Visitors.StartAsync(Site, name, null, $"198.18.{n / 250 % 250}.{n % 250 + 1}");
        Assert.NotNull(token);
        return ((await Visitors.FindVisitorAsync(Site, token))!, token);
    }

    /// <summary>A visitor who wrote once, so they have a conversation of their own.</summary>
    private async Task<(LiveChatVisitor Visitor, string Token, string Text, long ConversationId)> VisitorWhoWroteAsync(string name)
    {
        var (visitor, token) = await NewVisitorAsync(name);
        var text = $"Private question {Guid.NewGuid():N}";
        Assert.Null(await Visitors.SendAsync(Site, visitor, text, null, visitor.LastIp!));
        var contactId = await Visitors.ContactIdAsync(visitor);
        await using var db = await World.CreateDbAsync();
        return (visitor, token, text, await db.Conversations.Where(c => c.ContactId == contactId).Select(c => c.Id).SingleAsync());
    }

    /// <summary>A new chat from a new visitor, offered to the queue; claimed by the owner unless the offered agent is to try.</summary>
    public async Task<MatrixScene> NewSceneAsync(bool claimedByOwner)
    {
        var (visitor, _, text, conversationId) = await VisitorWhoWroteAsync("Victor Visitor");
        var other = await VisitorWhoWroteAsync("Olga Other");
        if (claimedByOwner) Assert.Equal(Outcome.Done, await World.Lifecycle.ClaimAsync(conversationId, Owner));
        var note = await NoteAsync(conversationId, claimedByOwner ? Owner : Offered);

        long firstMessage;
        int contactId;
        Conversation earlier;
        await using (var db = await World.CreateDbAsync())
        {
            var current = await db.Conversations.Where(c => c.Id == conversationId)
                .Select(c => new { c.ContactId, c.ChannelAccountId, c.QueueId, FirstMessage = c.Messages.Min(m => m.Id) }).SingleAsync();
            (firstMessage, contactId) = (current.FirstMessage, current.ContactId!.Value);
            var lastWeek = DateTime.UtcNow.AddDays(-7);
            earlier = new Conversation
            {
                Channel = ChannelKind.LiveChat, ChannelAccountId = current.ChannelAccountId, QueueId = current.QueueId, ContactId = contactId,
                OwnerId = TransferTarget.UserId, Status = ConversationStatus.DealtWith, IsArchived = true, CreatedAt = lastWeek, LastActivityAt = lastWeek,
            };
            db.Conversations.Add(earlier);
            await db.SaveChangesAsync();
        }
        var store = Services.GetRequiredService<FileStore>();
        var sent = (await store.SaveAsync(conversationId, "invoice.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.LiveChat, firstMessage)).File!;
        var draft = (await store.SaveAsync(conversationId, "draft.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.LiveChat)).File!;
        var links = Services.GetRequiredService<MediaLinks>();
        return new MatrixScene(conversationId, contactId, visitor, text, sent.Id, links.For(sent.Id).AbsolutePath, links.For(draft.Id).AbsolutePath,
            new OtherVisitor(other.Token, other.Visitor.LastIp!, other.ConversationId), earlier.Id, note);
    }

    private async Task<SceneNote> NoteAsync(long conversationId, Viewer author)
    {
        var word = $"note{Guid.NewGuid():N}";
        var written = await Services.GetRequiredService<PrivateNotes>().AddAsync(conversationId, author, $"Check {word} with @Mentioned", [Mentioned.UserId]);
        Assert.Equal(Outcome.Done, written.Outcome);
        return new SceneNote(written.NoteId!.Value, word, author);
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
