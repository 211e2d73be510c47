using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Reviews;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Authorization;

/// <summary>
/// One principal trying one thing on a conversation of their own cell. HTTP attempts use the principal's own cookies;
/// console actions and live updates go through the services a console uses, as that principal's <see cref="Viewer"/>.
/// Who has no console (anonymous, a visitor, a deactivated user whose sign-in is refused) first has to open one.
/// </summary>
public sealed class MatrixCell(AuthorizationMatrixWorld world, Principal who, MatrixScene scene)
{
    public AuthorizationMatrixWorld World => world;
    public MatrixScene Scene => scene;
    public ConversationLifecycle Lifecycle => world.Services.GetRequiredService<ConversationLifecycle>();
    public BlockList Blocks => world.Services.GetRequiredService<BlockList>();
    public ReviewNotes Reviews => world.Services.GetRequiredService<ReviewNotes>();
    private HttpClient Http => world.ClientOf(who);

    /// <summary>The principal's identity in a console; null for those who never sign in.</summary>
    public Viewer? Viewer => who switch
    {
        Principal.AgentNotInQueue => world.Outsider,
        Principal.OfferedAgent => world.Offered,
        Principal.Owner => world.Owner,
        Principal.AgentAfterClaim => world.Colleague,
        Principal.Supervisor => world.Supervisor,
        Principal.Admin => world.Admin,
        Principal.DeactivatedUser => world.Deactivated,
        Principal.MentionedAgent => world.Mentioned,
        _ => null,
    };

    private string? VisitorToken => who == Principal.OtherVisitor ? scene.Other.Token : null;

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        // A visitor offers the only credential they have.
        if (VisitorToken is { } token) request.Headers.Authorization = new("Bearer", token);
        return await Http.SendAsync(request);
    }

    public async Task<bool> PageOpensAsync(string path) => (await GetAsync(path)).StatusCode == HttpStatusCode.OK;

    /// <summary>The console page, prerendered, shows the conversation's header (not "unavailable", not the sign-in page).</summary>
    public async Task<bool> ConversationPageShowsItAsync() => await ConversationPageShowsItAsync(scene.ConversationId);

    public async Task<bool> ConversationPageShowsItAsync(long conversationId)
    {
        var response = await GetAsync($"/conversations/{conversationId}");
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("data-testid=\"conversation-header\"");
    }

    public async Task<bool> DownloadsAsync(string path)
    {
        var response = await GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsByteArrayAsync()).Length > 0;
    }

    /// <summary>Posts the language form as the settings page does (the language stays English); allowed when it redirects back.</summary>
    public async Task<bool> SwitchesLanguageAsync()
    {
        var form = await GetAsync("/settings/chat");
        var token = form.StatusCode == HttpStatusCode.OK
            ? await HttpSignIn.AntiforgeryTokenAsync(Http, "/settings/chat")
            : await HttpSignIn.AntiforgeryTokenAsync(Http, "/Account/Login");
        var response = await Http.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["language"] = "en",
            ["returnUrl"] = "/settings/chat",
            ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString() == "/settings/chat";
    }

    /// <summary>The visitor's thread through the widget's API, with whatever credential the principal has.</summary>
    public async Task<bool> ReadsVisitorThreadAsync()
    {
        using var request = AuthorizationMatrixWorld.VisitorRequest(HttpMethod.Get, $"/livechat/{world.Site.Account.Key}/messages", VisitorToken);
        var response = await Http.SendAsync(request);
        // A visitor reads their own thread; the question is whether it shows someone else's words.
        if (VisitorToken is not null) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains(scene.VisitorText);
    }

    /// <summary>A console action; without a console, the attempt is opening the console on this conversation.</summary>
    public async Task<bool> ActAsync(Func<Viewer, Task<bool>> action) => who switch
    {
        Principal.Anonymous or Principal.OtherVisitor => await ConversationPageShowsItAsync(),
        // Their sign-in no longer opens a console; a console left open would have its actions refused as well.
        Principal.DeactivatedUser => await ConversationPageShowsItAsync() | await action(Viewer!),
        _ => await action(Viewer!),
    };

    public async Task<Outcome> ReplyAsync(Viewer viewer) => (await Lifecycle.ReplyAsync(scene.ConversationId, viewer, "Here to help")).Outcome;

    public async Task<Outcome> WritesNoteAsync(Viewer viewer) =>
        (await world.Services.GetRequiredService<PrivateNotes>().AddAsync(scene.ConversationId, viewer, "Noted", [])).Outcome;

    /// <summary>The conversation lists' search, open and archived, finds the conversation by a word only its private note holds.</summary>
    public async Task<bool> SearchFindsNoteAsync(Viewer viewer)
    {
        var inbox = world.Services.GetRequiredService<InboxQuery>();
        var filter = new InboxFilter(Search: scene.Note.Word);
        return (await inbox.RecentAsync(viewer, filter)).Items.Concat((await inbox.ArchiveAsync(viewer, filter)).Items).Any(i => i.Id == scene.ConversationId);
    }

    public Task<bool> SavesContactAsync(Viewer viewer) =>
        world.Services.GetRequiredService<ContactService>().SaveAsync(scene.ContactId, "Victor Named", null, viewer);

    public async Task<bool> EditsContactAsync(Viewer viewer) =>
        (await world.Services.GetRequiredService<ContactService>().UpdateAsync(scene.ContactId, new ContactDetails("Victor Named", "nl", "Prefers Dutch"), viewer))
        .Outcome == ContactOutcome.Done;

    public async Task<bool> ErasesContactAsync(Viewer viewer) =>
        await world.Services.GetRequiredService<ContactErasure>().EraseAsync(scene.ContactId, viewer) is not null;

    /// <summary>The contact's page shows their profile (the page renders the contact's name).</summary>
    public async Task<bool> ContactPageOpensAsync()
    {
        var response = await GetAsync($"/contacts/{scene.ContactId}");
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("Victor Visitor");
    }

    public async Task OwnerArchivesAsync()
    {
        Assert.Equal(Outcome.Done, await Lifecycle.ClaimAsync(scene.ConversationId, world.Owner));
        Assert.Equal(Outcome.Done, await Lifecycle.ArchiveAsync(scene.ConversationId, world.Owner));
    }

    public async Task OwnerBlocksVisitorAsync() => Assert.Equal(Outcome.Done, await Blocks.BlockVisitorAsync(scene.ConversationId, world.Owner));

    public async Task<bool> LiftsBlockAsync()
    {
        if (Viewer is not { } viewer) return await PageOpensAsync("/admin/blocked");
        var block = (await Blocks.ListAsync()).Single(b => b.ConversationId == scene.ConversationId);
        try
        {
            await Blocks.LiftAsync(block.Id, viewer);
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        return !(await Blocks.ListAsync()).Any(b => b.Id == block.Id);
    }

    /// <summary>
    /// The visitor writes again; every console hears of the change, and the principal's Recent list decides, with
    /// the console's own rule, whether it shows the conversation. Without a console, the attempt is opening one.
    /// </summary>
    public async Task<bool> RecentListShowsNewMessageAsync()
    {
        if (Viewer is not { } viewer) return await PageOpensAsync("/");
        var inbox = world.Services.GetRequiredService<InboxQuery>();
        var list = new ConversationList(viewer, InboxQuery.InRecent(viewer), (filter, after, take) => inbox.RecentAsync(viewer, filter, after, take));
        var update = await NextUpdateAsync(ConversationChange.MessageAdded, async () =>
            Assert.Null(await world.Visitors.SendAsync(world.Site, scene.Visitor, "One more thing", null, scene.Visitor.LastIp!)));
        return list.Concerns(update) && list.TryApply([update], out _) && list.Items.Any(i => i.Id == scene.ConversationId);
    }

    /// <summary>
    /// What the notification feed decides when the chat's latest change reaches the consoles again: a new chat while
    /// unclaimed, the customer's message once owned.
    /// </summary>
    public async Task<bool> IsNotifiedAsync()
    {
        if (Viewer is not { } viewer) return await PageOpensAsync("/");
        await using var db = await world.World.CreateDbAsync();
        var owned = await db.Conversations.Where(c => c.Id == scene.ConversationId).Select(c => c.OwnerId != null).SingleAsync();
        var change = owned ? ConversationChange.MessageAdded : ConversationChange.Created;
        var update = await NextUpdateAsync(change, () => world.World.Bus.PublishAsync(new ConversationChanged(scene.ConversationId, change)));
        return NotificationFeed.Decide(update).Any(n => n.UserId == viewer.UserId);
    }

    /// <summary>What the notification feed decides when the scene's note reaches the consoles again.</summary>
    public async Task<bool> IsNotifiedOfMentionAsync()
    {
        if (Viewer is not { } viewer) return await PageOpensAsync("/");
        var update = await NextUpdateAsync(ConversationChange.NoteAdded, () => world.World.Bus.PublishAsync(
            new ConversationChanged(scene.ConversationId, ConversationChange.NoteAdded, scene.Note.Author.UserId, scene.Note.Id)));
        return NotificationFeed.Decide(update).Any(n => n.UserId == viewer.UserId && n.Kind == NotificationKind.Mentioned);
    }

    /// <summary>
    /// The update every console gets for the change of <paramref name="kind"/> that <paramref name="make"/> causes in the
    /// cell's conversation; not one still on its way from setting the scene up.
    /// </summary>
    private async Task<ConversationUpdate> NextUpdateAsync(ConversationChange kind, Func<Task> make)
    {
        var arrived = new TaskCompletionSource<ConversationUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = world.Services.GetRequiredService<ConversationFanOut>().Subscribe(update =>
        {
            if (update.ConversationId == scene.ConversationId && update.Change.Change == kind) arrived.TrySetResult(update);
        });
        await make();
        return await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The widget's live stream, opened with the principal's credential from the other visitor's address, while the
    /// cell's visitor writes. Once every subscriber has had that change, blocking the other visitor ends their stream;
    /// a "changed" before the end would have been about someone else's chat.
    /// </summary>
    public async Task<bool> VisitorStreamSignalsTheChatAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The widget asks for a single-use ticket with its token, then opens the stream with the ticket.
        using var ticketRequest = AuthorizationMatrixWorld.VisitorRequest(HttpMethod.Post, $"/livechat/{world.Site.Account.Key}/stream-tickets", VisitorToken);
        var ticketResponse = await Http.SendAsync(ticketRequest, timeout.Token);
        if (VisitorToken is null) return ticketResponse.StatusCode == HttpStatusCode.OK;
        // A visitor's own stream must open, or the cell would pass without trying.
        Assert.Equal(HttpStatusCode.OK, ticketResponse.StatusCode);
        var ticket = (await ticketResponse.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("ticket").GetString()!;
        var stream = await world.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = $"/livechat/{world.Site.Account.Key}/events";
            http.Request.QueryString = QueryString.Create("ticket", ticket);
            http.Request.Headers.Origin = AuthorizationMatrixWorld.SiteOrigin;
            http.Connection.RemoteIpAddress = IPAddress.Parse(scene.Other.Ip);
        }, timeout.Token);
        Assert.Equal(StatusCodes.Status200OK, stream.Response.StatusCode);
        using var events = new StreamReader(stream.Response.Body);
        async Task<string?> NextDataAsync()
        {
            while (await events.ReadLineAsync(timeout.Token) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal)) return line["data: ".Length..];
            return null;
        }
        Assert.Equal("connected", await NextDataAsync());

        // Subscribers hear a change in the order they subscribed: the stream, opened first, has had it once this returns.
        await NextUpdateAsync(ConversationChange.MessageAdded, async () =>
            Assert.Null(await world.Visitors.SendAsync(world.Site, scene.Visitor, "Are you still there?", null, scene.Visitor.LastIp!)));
        Assert.Equal(Outcome.Done, await Blocks.BlockVisitorAsync(scene.Other.ConversationId, world.Offered));
        try
        {
            var signals = new List<string>();
            while (await NextDataAsync() is { } data && data != "blocked") signals.Add(data);
            return signals.Contains("changed");
        }
        finally
        {
            var block = (await Blocks.ListAsync()).Single(b => b.ConversationId == scene.Other.ConversationId);
            await Blocks.LiftAsync(block.Id, world.Admin);
        }
    }
}
