using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>What the conversation view reads, driven through the real lifecycle of the running app.</summary>
public sealed class ConversationReaderTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime, IDisposable
{
    private readonly List<ConversationChanged> published = [];
    private readonly TestWorld world = app.World;
    private readonly string phone = TestWorld.NewPhone();
    private ConversationLifecycle lifecycle = default!;
    private ConversationReader reader = default!;
    private ContactService contacts = default!;
    private IDisposable subscription = default!;
    private int smsChannel, whatsAppChannel;
    private Viewer Anna = default!, Bob = default!, Outsider = default!, Supervisor = default!;

    public async Task InitializeAsync()
    {
        (Anna, Bob, Outsider, Supervisor) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync(), await world.UserAsync(Roles.Supervisor));
        var queue = await world.QueueAsync(AssignmentStrategy.All, [Anna, Bob]);
        (smsChannel, whatsAppChannel) = (await world.ChannelAsync(queue), await world.ChannelAsync(queue, ChannelKind.WhatsApp));
        lifecycle = world.Lifecycle;
        reader = app.Factory.Services.GetRequiredService<ConversationReader>();
        contacts = app.Factory.Services.GetRequiredService<ContactService>();
        subscription = world.Bus.Subscribe(change => { lock (published) published.Add(change); return Task.CompletedTask; });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => subscription.Dispose();

    private async Task<string> NameOfAsync(Viewer user) => (await world.ProfileAsync(user)).DisplayName;

    [Fact]
    public async Task Offered_agents_may_act_supervisors_only_read_and_others_see_nothing()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");

        var forAnna = await reader.DetailAsync(id, Anna);
        var forSupervisor = await reader.DetailAsync(id, Supervisor);

        Assert.True(forAnna is { CanAct: true, Actions: { Claim: true, Reply: true, Transfer: true, Ignore: true, Archive: false }, OwnerId: null, Contact.IsSaved: false });
        Assert.Equal(phone, forAnna!.Contact!.Phone);
        Assert.True(forSupervisor is { CanAct: false, Actions: { Transfer: false, Reply: false, Claim: false } });
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
        Assert.Equal(await NameOfAsync(Anna), thread.OfType<EventLine>().Single(e => e.Kind == ConversationEventKind.Claimed).ActorName);
    }

    [Fact]
    public async Task The_thread_carries_each_messages_files_and_refused_files()
    {
        var id = await ReceiveAsync(smsChannel, "See attached");
        var inbound = (await reader.ThreadAsync(id, Anna))!.OfType<MessageLine>().Single();
        await app.Factory.Services.GetRequiredService<Attachments>().RecordRefusalAsync(id, inbound.Id, "setup.exe", "setup.exe is not an allowed type");
        var draft = await app.Factory.Services.GetRequiredService<FileStore>()
            .SaveAsync(id, "invoice.pdf", new MemoryStream(FileSamples.Pdf()), ChannelKind.Sms);
        Assert.Equal(Outcome.Done, (await lifecycle.ReplyAsync(id, Anna, "", [draft.File!.Id])).Outcome);

        var messages = (await reader.ThreadAsync(id, Anna))!.OfType<MessageLine>().ToList();

        var refused = Assert.Single(messages[0].Attachments);
        Assert.Equal(("setup.exe", (long?)null, "setup.exe is not an allowed type"), (refused.Name, refused.FileId, refused.Refusal));
        var sent = Assert.Single(messages[1].Attachments);
        Assert.Equal(("invoice.pdf", (long?)draft.File.Id, false), (sent.Name, sent.FileId, sent.IsImage));
    }

    [Fact]
    public async Task Only_the_new_owner_hears_about_a_transfer_with_the_note()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");
        await lifecycle.ClaimAsync(id, Anna);
        Assert.Equal(Outcome.Done, await lifecycle.TransferAsync(id, Anna, Bob.UserId, "Wants a refund"));

        var notice = await reader.TransferredToAsync(id, Bob);

        Assert.Equal(new TransferNotice(id, phone, await NameOfAsync(Anna), "Wants a refund"), notice);
        Assert.Null(await reader.TransferredToAsync(id, Anna));
        Assert.Null(await reader.DetailAsync(id, Anna));
    }

    [Fact]
    public async Task History_lists_the_contacts_conversations_across_channels_and_agents()
    {
        var sms = await ReceiveAsync(smsChannel, "Order question");
        await lifecycle.ClaimAsync(sms, Anna);
        await lifecycle.MarkDealtWithAsync(sms, Anna);
        var whatsApp = await ReceiveAsync(whatsAppChannel, "Follow-up", IdentityKind.WhatsApp);
        var contactId = (await reader.DetailAsync(whatsApp, Anna))!.Contact!.Id;

        var annaHistory = await world.Inbox.HistoryAsync(contactId, Anna);
        var bobHistory = await world.Inbox.HistoryAsync(contactId, Bob);

        Assert.Equal([whatsApp, sms], annaHistory.Select(h => h.Id));
        // Bob is offered the follow-up, so he reads Anna's earlier conversation too.
        Assert.Equal([whatsApp, sms], bobHistory.Select(h => h.Id));
        Assert.Empty(await world.Inbox.HistoryAsync(contactId, Outsider));
    }

    [Fact]
    public async Task Saving_a_contact_needs_a_conversation_the_agent_may_act_on_and_is_announced()
    {
        var id = await ReceiveAsync(smsChannel, "Hello");
        var contactId = (await reader.DetailAsync(id, Anna))!.Contact!.Id;

        Assert.False(await contacts.SaveAsync(contactId, "Piet", null, Outsider));
        Assert.True(await contacts.SaveAsync(contactId, " Piet Pieters ", "piet@example.com", Anna));

        var contact = (await reader.DetailAsync(id, Anna))!.Contact!;
        Assert.Equal(new ContactCard(contactId, "Piet Pieters", "piet@example.com", phone, IsSaved: true), contact);
        Assert.Contains(new ConversationChanged(id, ConversationChange.ContactChanged, Anna.UserId), published);
    }

    private async Task<long> ReceiveAsync(int channel, string body, IdentityKind kind = IdentityKind.Phone) =>
        (await world.Intake.ReceiveAsync(new InboundMessage(channel, kind, phone, null, body))).ConversationId;
}
