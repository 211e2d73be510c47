using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Contacts;

/// <summary>One person is one contact, whichever channel and number format they come through.</summary>
public sealed class ContactIdentityTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly TestWorld world = app.World;
    private ContactService contacts = default!;
    private Viewer agent = default!, outsider = default!;
    private int smsChannel, whatsAppChannel;

    public async Task InitializeAsync()
    {
        (agent, outsider) = (await world.UserAsync(), await world.UserAsync());
        var queue = await world.QueueAsync(AssignmentStrategy.All, [agent]);
        (smsChannel, whatsAppChannel) = (await world.ChannelAsync(queue), await world.ChannelAsync(queue, ChannelKind.WhatsApp));
        contacts = app.Factory.Services.GetRequiredService<ContactService>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sms_and_WhatsApp_from_one_number_are_one_contact_with_both_addresses()
    {
        var number = TestWorld.NewPhone();
        var sms = await world.Intake.ReceiveAsync(new InboundMessage(smsChannel, IdentityKind.Phone, number, null, "SMS first"));
        var whatsApp = await world.Intake.ReceiveAsync(new InboundMessage(whatsAppChannel, IdentityKind.WhatsApp, number, "Maria", "Then WhatsApp"));

        var (first, second) = (await world.LoadAsync(sms.ConversationId), await world.LoadAsync(whatsApp.ConversationId));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Equal([(IdentityKind.Phone, number), (IdentityKind.WhatsApp, number)], await IdentitiesAsync(first.ContactId!.Value));
    }

    [Fact]
    public async Task One_batch_with_the_same_new_number_on_both_channels_makes_one_contact()
    {
        var number = TestWorld.NewPhone();
        var writer = app.Factory.Services.GetRequiredService<IDbWriter>();
        var results = await writer.WriteAsync((db, ct) => world.Intake.AddAsync(db,
        [
            new InboundMessage(whatsAppChannel, IdentityKind.WhatsApp, number, null, "On WhatsApp", $"wa-{Guid.NewGuid():N}"),
            new InboundMessage(smsChannel, IdentityKind.Phone, number, null, "By SMS", $"sms-{Guid.NewGuid():N}"),
        ], ct));

        var contactIds = new List<int?>();
        foreach (var result in results) contactIds.Add((await world.LoadAsync(result.ConversationId)).ContactId);
        Assert.Single(contactIds.Distinct());
        Assert.Equal([(IdentityKind.WhatsApp, number), (IdentityKind.Phone, number)], await IdentitiesAsync(contactIds[0]!.Value));
    }

    [Fact]
    public async Task An_agent_adds_a_number_in_local_format_and_it_is_stored_international()
    {
        var contactId = await ContactWritingAsync(TestWorld.NewPhone());
        var local = "06 " + Random.Shared.Next(10_000_000, 99_999_999);
        var international = "+316" + local[3..];

        Assert.Equal(ContactOutcome.Done, (await contacts.SaveIdentityAsync(contactId, null, IdentityKind.WhatsApp, local, agent)).Outcome);
        Assert.Equal(ContactOutcome.Done, (await contacts.SaveIdentityAsync(contactId, null, IdentityKind.Email, " Maria@Example.COM ", agent)).Outcome);

        var identities = await IdentitiesAsync(contactId);
        Assert.Contains((IdentityKind.WhatsApp, international), identities);
        Assert.Contains((IdentityKind.Email, "maria@example.com"), identities);
        // The new WhatsApp number now reaches the same contact.
        var next = await world.Intake.ReceiveAsync(new InboundMessage(whatsAppChannel, IdentityKind.WhatsApp, international, null, "Hi"));
        Assert.Equal(contactId, (await world.LoadAsync(next.ConversationId)).ContactId);
    }

    [Fact]
    public async Task An_address_of_another_contact_a_wrong_number_and_an_outsider_are_refused_and_change_nothing()
    {
        var taken = TestWorld.NewPhone();
        var holder = await ContactWritingAsync(taken);
        var contactId = await ContactWritingAsync(TestWorld.NewPhone());
        var before = await IdentitiesAsync(contactId);

        var inUse = await contacts.SaveIdentityAsync(contactId, null, IdentityKind.WhatsApp, taken, agent);
        Assert.Equal((ContactOutcome.InUse, holder), (inUse.Outcome, inUse.HolderId));
        Assert.Equal(ContactOutcome.Invalid, (await contacts.SaveIdentityAsync(contactId, null, IdentityKind.Phone, "call me", agent)).Outcome);
        Assert.Equal(ContactOutcome.Invalid, (await contacts.SaveIdentityAsync(contactId, null, IdentityKind.Email, "not-an-address", agent)).Outcome);
        Assert.Equal(ContactOutcome.NotAllowed, (await contacts.SaveIdentityAsync(contactId, null, IdentityKind.Email, "a@b.nl", outsider)).Outcome);
        Assert.Equal(ContactOutcome.NotAllowed, (await contacts.RemoveIdentityAsync(contactId, (await IdentityIdsAsync(contactId))[0], outsider)).Outcome);

        Assert.Equal(before, await IdentitiesAsync(contactId));
    }

    [Fact]
    public async Task Editing_and_removing_an_address()
    {
        var contactId = await ContactWritingAsync(TestWorld.NewPhone());
        await contacts.SaveIdentityAsync(contactId, null, IdentityKind.Email, "old@example.com", agent);
        var emailId = (await IdentityIdsAsync(contactId))[1];

        Assert.Equal(ContactOutcome.Done, (await contacts.SaveIdentityAsync(contactId, emailId, IdentityKind.Email, "new@example.com", agent)).Outcome);
        Assert.Contains((IdentityKind.Email, "new@example.com"), await IdentitiesAsync(contactId));
        Assert.Equal(ContactOutcome.Done, (await contacts.RemoveIdentityAsync(contactId, emailId, agent)).Outcome);
        Assert.DoesNotContain(await IdentitiesAsync(contactId), i => i.Kind == IdentityKind.Email);
    }

    [Fact]
    public async Task A_contacts_language_is_what_the_template_picker_opens_on()
    {
        var number = TestWorld.NewPhone();
        var conversationId = (await world.CustomerWritesAsync(smsChannel, number)).ConversationId;
        var contactId = (await world.LoadAsync(conversationId)).ContactId!.Value;

        Assert.Equal(ContactOutcome.Done, (await contacts.UpdateAsync(contactId, new ContactDetails(number, "nl", null), agent)).Outcome);

        var detail = await app.Factory.Services.GetRequiredService<ConversationReader>().DetailAsync(conversationId, agent);
        Assert.Equal("nl", detail!.Contact!.Language);
        // Only the language changed: the sender is still unknown, so the chat keeps offering Add contact.
        Assert.False(detail.Contact.IsSaved);
    }

    private async Task<int> ContactWritingAsync(string number) =>
        (await world.LoadAsync((await world.CustomerWritesAsync(smsChannel, number)).ConversationId)).ContactId!.Value;

    private async Task<List<(IdentityKind Kind, string Value)>> IdentitiesAsync(int contactId)
    {
        await using var db = await world.CreateDbAsync();
        return (await db.ContactIdentities.Where(i => i.ContactId == contactId).OrderBy(i => i.Id).Select(i => new { i.Kind, i.Value }).ToListAsync())
            .Select(i => (i.Kind, i.Value)).ToList();
    }

    private async Task<List<int>> IdentityIdsAsync(int contactId)
    {
        await using var db = await world.CreateDbAsync();
        return await db.ContactIdentities.Where(i => i.ContactId == contactId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
    }
}
