using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>What the conversation view reads, driven through the real lifecycle on a SQLite file.</summary>
public sealed class ConversationReaderTests : IAsyncLifetime
{
    private readonly List<ConversationChanged> published = [];
    private SqliteTestDatabase database = default!;
    private ConversationLifecycle lifecycle = default!;
    private ConversationReader reader = default!;
    private ContactService contacts = default!;
    private int smsChannel, whatsAppChannel;

    private static readonly Viewer Anna = Viewer.Agent("anna");
    private static readonly Viewer Bob = Viewer.Agent("bob");
    private static readonly Viewer Outsider = Viewer.Agent("outsider");
    private static readonly Viewer Supervisor = new("sara", IsAdmin: false, IsSupervisor: true);

    public async Task InitializeAsync()
    {
        database = await SqliteTestDatabase.CreateAsync();
        var bus = new ConversationBus(NullLogger<ConversationBus>.Instance);
        bus.Subscribe(change => { lock (published) published.Add(change); return Task.CompletedTask; });
        lifecycle = new ConversationLifecycle(database, new AssignmentPlanner(new AgentPresence()), bus, TimeProvider.System);
        reader = new ConversationReader(database);
        contacts = new ContactService(database, bus);

        await using var db = database.CreateDbContext();
        foreach (var (id, name, extension) in new[] { ("anna", "Anna de Vries", "101"), ("bob", "Bob Smith", "102"), ("outsider", "Olga", "103"), ("sara", "Sara", "201") })
            db.Users.Add(new ApplicationUser { Id = id, UserName = id, DisplayName = name, Extension = extension });
        var queue = new Queue { Name = "Support", Strategy = AssignmentStrategy.All };
        queue.Members.Add(new QueueMember { UserId = "anna", Position = 0 });
        queue.Members.Add(new QueueMember { UserId = "bob", Position = 1 });
        var sms = new ChannelAccount { Key = "sms", Name = "SMS", Kind = ChannelKind.Sms, Address = "+3120", Queue = queue };
        var whatsApp = new ChannelAccount { Key = "wa", Name = "WhatsApp", Kind = ChannelKind.WhatsApp, Address = "+3120", Queue = queue };
        db.ChannelAccounts.AddRange(sms, whatsApp);
        await db.SaveChangesAsync();
        (smsChannel, whatsAppChannel) = (sms.Id, whatsApp.Id);
    }

    [Fact]
    public async Task Offered_agents_may_act_supervisors_only_read_and_others_see_nothing()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");

        var forAnna = await reader.DetailAsync(id, Anna);
        var forSupervisor = await reader.DetailAsync(id, Supervisor);

        Assert.True(forAnna is { CanAct: true, CanManage: true, OwnerId: null, Contact.IsSaved: false, Contact.Phone: "+31611112222" });
        Assert.True(forSupervisor is { CanAct: false, CanManage: false });
        Assert.Null(await reader.DetailAsync(id, Outsider));
        Assert.Null(await reader.ThreadAsync(id, Outsider));
    }

    [Fact]
    public async Task The_thread_merges_messages_and_events_in_time_order()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");
        await lifecycle.ReplyAsync(id, Anna, "Hi, how can I help?");

        var thread = (await reader.ThreadAsync(id, Anna))!;

        Assert.Equal(
            ["Created", "Offered", "Inbound:Hello", "Claimed", "Outbound:Hi, how can I help?"],
            thread.Select(e => e switch
            {
                EventLine line => line.Kind.ToString(),
                MessageLine message => $"{message.Direction}:{message.Body}",
                _ => "?",
            }));
        Assert.Equal("Anna de Vries", thread.OfType<EventLine>().Single(e => e.Kind == ConversationEventKind.Claimed).ActorName);
    }

    [Fact]
    public async Task Only_the_new_owner_hears_about_a_transfer_with_the_note()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");
        await lifecycle.ClaimAsync(id, Anna);
        Assert.Equal(Outcome.Done, await lifecycle.TransferAsync(id, Anna, "bob", "Wants a refund"));

        var notice = await reader.TransferredToAsync(id, Bob);

        Assert.Equal(new TransferNotice(id, "+31611112222", "Anna de Vries", "Wants a refund"), notice);
        Assert.Null(await reader.TransferredToAsync(id, Anna));
        Assert.Null(await reader.DetailAsync(id, Anna));
    }

    [Fact]
    public async Task History_lists_the_contacts_conversations_across_channels_the_viewer_may_see()
    {
        var sms = await ReceiveAsync(smsChannel, "Order question");
        await lifecycle.ClaimAsync(sms, Anna);
        await lifecycle.MarkDealtWithAsync(sms, Anna);
        var whatsApp = await ReceiveAsync(whatsAppChannel, "Follow-up", IdentityKind.WhatsApp);
        var contactId = (await reader.DetailAsync(whatsApp, Anna))!.Contact!.Id;
        await LinkAsync(contactId, sms);

        var annaHistory = await reader.HistoryAsync(contactId, Anna);
        var bobHistory = await reader.HistoryAsync(contactId, Bob);

        Assert.Equal([whatsApp, sms], annaHistory.Select(h => h.Id));
        Assert.Equal([whatsApp], bobHistory.Select(h => h.Id));
    }

    [Fact]
    public async Task Saving_a_contact_needs_a_conversation_the_agent_may_act_on_and_is_announced()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");
        var contactId = (await reader.DetailAsync(id, Anna))!.Contact!.Id;

        Assert.False(await contacts.SaveAsync(contactId, "Piet", null, Outsider));
        Assert.True(await contacts.SaveAsync(contactId, " Piet Pieters ", "piet@example.com", Anna));

        var contact = (await reader.DetailAsync(id, Anna))!.Contact!;
        Assert.Equal(new ContactCard(contactId, "Piet Pieters", "piet@example.com", "+31611112222", IsSaved: true), contact);
        Assert.Contains(new ConversationChanged(id, ConversationChange.ContactChanged, "anna"), published);
    }

    private async Task<long> ReceiveAsync(int channel, string body, IdentityKind kind = IdentityKind.Phone) =>
        (await lifecycle.ReceiveAsync(new InboundMessage(channel, kind, "+31611112222", null, body))).ConversationId;

    /// <summary>Merging contacts is not built yet; the test joins the SMS conversation to the WhatsApp contact directly.</summary>
    private async Task LinkAsync(int contactId, long conversationId)
    {
        await using var db = database.CreateDbContext();
        await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, contactId));
    }

    public Task DisposeAsync()
    {
        database.Delete();
        return Task.CompletedTask;
    }
}
