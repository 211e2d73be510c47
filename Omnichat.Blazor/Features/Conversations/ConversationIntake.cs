using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The inbound side of the conversation rules (SPEC section 3): a customer's message joins the open conversation of
/// that contact on that channel, or starts one offered by the queue's strategy. Messages are stored many at a time:
/// contacts, conversations and duplicates are resolved with one query each for the whole batch.
/// </summary>
public sealed class ConversationIntake(IDbWriter writer, AssignmentPlanner planner, ConversationBus bus, ContactAddresses addresses, TimeProvider clock)
{
    /// <summary>Stores one message in its own write and announces it.</summary>
    public async Task<InboundResult> ReceiveAsync(InboundMessage inbound, CancellationToken ct = default)
    {
        var results = await writer.WriteAsync((db, token) => AddAsync(db, [inbound], token), ct);
        await PublishAsync(results);
        return results[0];
    }

    /// <summary>
    /// Inside a write: stores <paramref name="batch"/> in order, one result per message. A provider message id stored
    /// before (or twice in the batch) stores nothing new and reports the existing message as a duplicate.
    /// </summary>
    public async Task<IReadOnlyList<InboundResult>> AddAsync(OmnichatDbContext db, IReadOnlyList<InboundMessage> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        var providerIds = batch.Select(m => m.ProviderMessageId).OfType<string>().Distinct().ToList();
        var stored = await db.Messages.Where(m => m.ProviderMessageId != null && providerIds.Contains(m.ProviderMessageId))
            .Select(m => new { ProviderMessageId = m.ProviderMessageId!, m.ConversationId, m.Id })
            .ToDictionaryAsync(m => m.ProviderMessageId, m => new InboundResult(m.ConversationId, m.Id, Duplicate: true), ct);

        var accountIds = batch.Select(m => m.ChannelAccountId).Distinct().ToList();
        var accounts = await db.ChannelAccounts.Include(a => a.Queue).Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);

        // A phone number is one address on SMS and on WhatsApp: the person is found by the number on either.
        var identities = batch.Select(m => (m.IdentityKind, Value: addresses.Normalize(m.IdentityKind, m.Address) ?? m.Address)).ToList();
        // Both columns of the (Kind, Value) index, so the lookup is an index search, not a scan of every identity.
        var kinds = identities.SelectMany(i => ContactAddresses.IsPhone(i.IdentityKind) ? [IdentityKind.Phone, IdentityKind.WhatsApp] : new[] { i.IdentityKind }).Distinct().ToList();
        var values = identities.Select(i => i.Value).Distinct().ToList();
        var known = await db.ContactIdentities.Where(i => kinds.Contains(i.Kind) && values.Contains(i.Value))
            .Select(i => new { i.Kind, i.Value, i.ContactId }).ToListAsync(ct);
        var contactIds = known.GroupBy(i => PersonKey(i.Kind, i.Value)).ToDictionary(g => g.Key, g => g.Min(i => i.ContactId));
        var knownIdentities = known.Select(i => (i.Kind, i.Value)).ToHashSet();

        // A contact is its id when stored, or the new entity until the save gives it one.
        var existingContactIds = contactIds.Values.Distinct().ToList();
        var conversations = (await db.Conversations
                .Where(c => c.Status == ConversationStatus.Open && c.ContactId != null && existingContactIds.Contains(c.ContactId.Value)
                            && c.ChannelAccountId != null && accountIds.Contains(c.ChannelAccountId.Value))
                .ToListAsync(ct))
            .GroupBy(c => ((object)c.ContactId!.Value, c.ChannelAccountId!.Value))
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.LastActivityAt)!);
        var newContacts = new Dictionary<(IdentityKind, string), Contact>();
        var surveyReplies = await SurveyReplies.ReadAsync(db, existingContactIds, accountIds, now, ct);

        // Ids exist only after the save, so each message's result is read then.
        var results = new List<Func<InboundResult>>(batch.Count);
        var addedByProviderId = new Dictionary<string, Message>();
        foreach (var (inbound, identity) in batch.Zip(identities))
        {
            if (inbound.ProviderMessageId is { } providerId)
            {
                if (stored.TryGetValue(providerId, out var duplicate))
                {
                    results.Add(() => duplicate);
                    continue;
                }
                if (addedByProviderId.TryGetValue(providerId, out var first))
                {
                    results.Add(() => new InboundResult(first.ConversationId, first.Id, Duplicate: true));
                    continue;
                }
            }

            var account = accounts.GetValueOrDefault(inbound.ChannelAccountId)
                          ?? throw new InvalidOperationException($"Channel account {inbound.ChannelAccountId} does not exist.");
            var person = PersonKey(identity.IdentityKind, identity.Value);
            object contactKey = contactIds.TryGetValue(person, out var contactId) ? contactId
                : newContacts.TryGetValue(person, out var newContact) ? newContact
                : newContacts[person] = NewContact(inbound, now);
            // Known by the number from SMS, now writing on WhatsApp (or the other way): the contact gains that address.
            if (knownIdentities.Add(identity))
            {
                var added = new ContactIdentity { Kind = identity.IdentityKind, Value = identity.Value };
                if (contactKey is Contact created) created.Identities.Add(added);
                else db.ContactIdentities.Add(added).Entity.ContactId = (int)contactKey;
            }

            var started = false;
            if (!conversations.TryGetValue((contactKey, account.Id), out var conversation))
            {
                // "4" in answer to the satisfaction survey is a score, not a new conversation.
                if (surveyReplies.TryRecord(contactKey, inbound, now) is { } answer)
                {
                    if (inbound.ProviderMessageId is not null) addedByProviderId[inbound.ProviderMessageId] = answer;
                    results.Add(() => new InboundResult(answer.ConversationId, answer.Id, Duplicate: false, Rated: true));
                    continue;
                }
                conversation = await StartAsync(db, account, contactKey, now, ct);
                conversations[(contactKey, account.Id)] = conversation;
                started = true;
            }
            else if (conversation.IsArchived)
            {
                // Archived but never dealt with: the customer's message brings it back to its owner, or to its queue's offers.
                conversation.IsArchived = false;
                conversation.AddEvent(conversation.OwnerId is null ? ConversationEventKind.Unarchived : ConversationEventKind.ReturnedToOwner, now,
                    targetId: conversation.OwnerId);
            }

            if (!started) ConversationWaiting.CustomerWrote(conversation, now);

            var message = new Message
            {
                Direction = MessageDirection.Inbound,
                Body = inbound.Body,
                SentAt = now,
                State = DeliveryState.Received,
                ProviderMessageId = inbound.ProviderMessageId,
            };
            conversation.Messages.Add(message);
            conversation.Touch(now, inbound.Body.Length == 0 && inbound.HasAttachments ? Conversation.AttachmentPreview : inbound.Body);
            if (inbound.ProviderMessageId is not null) addedByProviderId[inbound.ProviderMessageId] = message;
            results.Add(() => new InboundResult(conversation.Id, message.Id, Duplicate: false, started));
        }
        await db.SaveChangesAsync(ct);
        return results.Select(result => result()).ToList();
    }

    /// <summary>Announces what a batch stored: one change per conversation.</summary>
    public async Task PublishAsync(IEnumerable<InboundResult> results)
    {
        foreach (var conversation in results.Where(r => !r.Duplicate).GroupBy(r => r.ConversationId))
        {
            var change = conversation.Any(r => r.Started) ? ConversationChange.Created
                : conversation.All(r => r.Rated) ? ConversationChange.Rated
                : ConversationChange.MessageAdded;
            await bus.PublishAsync(new ConversationChanged(conversation.Key, change));
        }
    }

    private async Task<Conversation> StartAsync(OmnichatDbContext db, Channels.ChannelAccount account, object contactKey, DateTime now, CancellationToken ct)
    {
        var conversation = new Conversation
        {
            Channel = account.Kind,
            ChannelAccountId = account.Id,
            QueueId = account.QueueId,
            Status = ConversationStatus.Open,
            CreatedAt = now,
            OfferedAt = now,
        };
        if (contactKey is Contact contact) conversation.Contact = contact;
        else conversation.ContactId = (int)contactKey;

        var offeredTo = await planner.ChooseAsync(db, account.Queue, ct);
        conversation.Offers.AddRange(offeredTo.Select(userId => new ConversationOffer { UserId = userId }));
        conversation.AddEvent(ConversationEventKind.Created, now);
        conversation.AddEvent(ConversationEventKind.Offered, now, note: $"{offeredTo.Count} agent(s), {account.Queue.Strategy}");
        await Labels.ConversationLabels.ApplyAutomaticAsync(db, conversation, account, now, ct);
        db.Conversations.Add(conversation);
        return conversation;
    }

    /// <summary>Who an address belongs to: phone numbers are one address whichever channel they write on.</summary>
    private static (IdentityKind, string) PersonKey(IdentityKind kind, string value) => (ContactAddresses.IsPhone(kind) ? IdentityKind.Phone : kind, value);

    private static Contact NewContact(InboundMessage inbound, DateTime now) => new()
    {
        Name = Conversation.Clip(string.IsNullOrWhiteSpace(inbound.SenderName) ? inbound.Address : inbound.SenderName, 200)!,
        CreatedAt = now,
    };
}
