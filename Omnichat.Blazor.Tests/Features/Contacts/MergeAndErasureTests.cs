using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Contacts;

public sealed class MergeAndErasureTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly TestWorld world = app.World;
    private Viewer agent = default!, outsider = default!, admin = default!;
    private int smsChannel, messengerChannel;

    private T Service<T>() where T : notnull => app.Factory.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        (agent, outsider, admin) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var queue = await world.QueueAsync(AssignmentStrategy.All, [agent]);
        (smsChannel, messengerChannel) = (await world.ChannelAsync(queue), (await world.MetaAccountAsync(queue, ChannelKind.Facebook)).Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Merging_gives_one_history_with_every_message_and_each_address_once()
    {
        var number = TestWorld.NewPhone();
        var psid = Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString();
        var sms = await world.CustomerWritesAsync(smsChannel, number, "Order 10442 has not arrived");
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(sms.ConversationId, agent, "I will look into it")).Outcome);
        var messenger = await world.Intake.ReceiveAsync(new InboundMessage(messengerChannel, IdentityKind.Messenger, psid, "Maria Jansen", "Any news on my order?"));
        var (source, target) = (await ContactOfAsync(sms.ConversationId), await ContactOfAsync(messenger.ConversationId));
        Assert.NotEqual(source, target);
        await Service<ContactService>().UpdateAsync(source, new ContactDetails(number, "nl", "Prefers SMS"), agent);

        var preview = await Service<ContactMerge>().PreviewAsync(source, target, agent);
        Assert.NotNull(preview);
        Assert.Equal((1, 2), (preview.Conversations, preview.Messages));
        Assert.Equal([(IdentityKind.Phone, number)], preview.IdentitiesMoving.Select(i => (i.Kind, i.Value)));
        Assert.Null(await Service<ContactMerge>().PreviewAsync(source, target, outsider));
        Assert.Null(await Service<ContactMerge>().MergeAsync(source, target, outsider));

        var entry = await Service<ContactMerge>().MergeAsync(source, target, agent);

        Assert.Equal((ContactAuditKind.Merged, source, target, 1, 2), (entry!.Kind, entry.ContactId, entry.MergedIntoId, entry.Conversations, entry.Messages));
        var history = await world.Inbox.HistoryAsync(target, agent);
        Assert.Equal([messenger.ConversationId, sms.ConversationId], history.Select(h => h.Id));
        await using var db = await world.CreateDbAsync();
        Assert.False(await db.Contacts.AnyAsync(c => c.Id == source));
        var kept = await db.Contacts.Include(c => c.Identities).SingleAsync(c => c.Id == target);
        Assert.Equal(("Maria Jansen", "nl", "Prefers SMS"), (kept.Name, kept.Language, kept.Notes));
        Assert.Equal([(IdentityKind.Phone, number), (IdentityKind.Messenger, psid)], kept.Identities.OrderBy(i => i.Kind).Select(i => (i.Kind, i.Value)));
        Assert.Equal(3, await db.Messages.CountAsync(m => m.ConversationId == sms.ConversationId || m.ConversationId == messenger.ConversationId));
        // The number now reaches the merged contact.
        var next = await world.CustomerWritesAsync(smsChannel, number, "Thanks!");
        Assert.Equal(target, await ContactOfAsync(next.ConversationId));
    }

    [Fact]
    public async Task Erasure_removes_the_contact_with_everything_it_said_and_leaves_only_an_audit_line()
    {
        var number = TestWorld.NewPhone();
        var providerId = $"SM{Guid.NewGuid():N}";
        var said = await world.CustomerWritesAsync(smsChannel, number, "My IBAN is NL91ABNA0417164300", providerId);
        var id = said.ConversationId;
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(id, agent, "Thank you")).Outcome);
        var file = (await Service<FileStore>().SaveAsync(id, "passport.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.Sms)).File!;
        var onDisk = Service<FileStore>().PathOf(file);
        var contactId = await ContactOfAsync(id);
        var (channelAccountId, otherEvent) = await StoreWebhooksAsync(id, providerId);
        Assert.True(File.Exists(onDisk));

        Assert.Null(await Service<ContactErasure>().EraseAsync(contactId, agent));
        var entry = await Service<ContactErasure>().EraseAsync(contactId, admin);

        Assert.Equal((ContactAuditKind.Erased, contactId, admin.UserId, 1, 2, 1, 1),
            (entry!.Kind, entry.ContactId, entry.ActorId, entry.Conversations, entry.Messages, entry.Files, entry.Identities));
        Assert.False(File.Exists(onDisk));
        await using var db = await world.CreateDbAsync();
        Assert.False(await db.Contacts.AnyAsync(c => c.Id == contactId));
        Assert.False(await db.ContactIdentities.AnyAsync(i => i.ContactId == contactId || i.Value == number));
        Assert.False(await db.Conversations.AnyAsync(c => c.Id == id));
        Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == id));
        Assert.False(await db.ConversationEvents.AnyAsync(e => e.ConversationId == id));
        Assert.False(await db.StoredFiles.AnyAsync(f => f.Id == file.Id));
        Assert.False(await db.Outbox.AnyAsync(o => o.Message.ConversationId == id));
        Assert.Equal([otherEvent], await db.InboundEvents.Where(e => e.ChannelAccountId == channelAccountId).Select(e => e.ProviderMessageId).ToListAsync());
        Assert.Empty(await db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"MessageSearch\" WHERE \"MessageSearch\" MATCH 'NL91ABNA0417164300'").ToListAsync());
        var audit = await db.ContactAudit.SingleAsync(a => a.ContactId == contactId);
        Assert.Equal((ContactAuditKind.Erased, admin.UserId), (audit.Kind, audit.ActorId));
    }

    /// <summary>The raw webhooks of the customer's message and of a receipt for the reply, beside another customer's.</summary>
    private async Task<(int ChannelAccountId, string Unrelated)> StoreWebhooksAsync(long conversationId, string providerId)
    {
        await using var db = await world.CreateDbAsync();
        var reply = await db.Messages.Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound).SingleAsync();
        var replyId = $"SM{Guid.NewGuid():N}";
        reply.ProviderMessageId = replyId;
        var unrelated = $"SM{Guid.NewGuid():N}";
        var channelAccountId = (await db.Conversations.SingleAsync(c => c.Id == conversationId)).ChannelAccountId!.Value;
        foreach (var (kind, key) in new[] { (InboundEventKind.Message, providerId), (InboundEventKind.Status, $"status:{replyId}:delivered"), (InboundEventKind.Message, unrelated) })
            db.InboundEvents.Add(new InboundEvent { ChannelAccountId = channelAccountId, Kind = kind, ProviderMessageId = key, Payload = "{\"Body\":\"NL91ABNA0417164300\"}", ReceivedAt = DateTime.UtcNow, ProcessedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return (channelAccountId, unrelated);
    }

    [Fact]
    public async Task Merging_two_website_visitors_ends_the_merged_away_visitors_session_so_neither_widget_shows_the_others_chat()
    {
        var site = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.All, [agent]), ChannelKind.LiveChat);
        var (first, second) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var firstChat = await world.Intake.ReceiveAsync(new InboundMessage(site, IdentityKind.LiveChatVisitor, first, null, "Hi, from the shop page"));
        var secondChat = await world.Intake.ReceiveAsync(new InboundMessage(site, IdentityKind.LiveChatVisitor, second, null, "Hi, from the pricing page"));
        await using (var db = await world.CreateDbAsync())
        {
            foreach (var key in new[] { first, second })
                db.LiveChatVisitors.Add(new LiveChatVisitor { ChannelAccountId = site, VisitorKey = key, CreatedAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        Assert.NotNull(await Service<ContactMerge>().MergeAsync(await ContactOfAsync(firstChat.ConversationId), await ContactOfAsync(secondChat.ConversationId), agent));

        await using var after = await world.CreateDbAsync();
        var visitors = await after.LiveChatVisitors.Where(v => v.VisitorKey == first || v.VisitorKey == second).ToDictionaryAsync(v => v.VisitorKey);
        Assert.NotNull(visitors[first].RevokedAt);
        Assert.Null(visitors[second].RevokedAt);
    }

    private async Task<int> ContactOfAsync(long conversationId) => (await world.LoadAsync(conversationId)).ContactId!.Value;
}
