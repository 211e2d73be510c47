using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Routing;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The inbound side of the conversation rules (SPEC section 3): a customer's message joins the open conversation of
/// that contact on that channel, or starts one offered by the queue's strategy. Messages are stored many at a time:
/// contacts, conversations and duplicates are resolved with one query each for the whole batch.
/// </summary>
public sealed class ConversationIntake(IDbWriter writer, AssignmentPlanner planner, ConversationBus bus, TimeProvider clock)
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

        // Both columns of the (Kind, Value) index, so the lookup is an index search, not a scan of every identity.
        var kinds = batch.Select(m => m.IdentityKind).Distinct().ToList();
        var addresses = batch.Select(m => m.Address).Distinct().ToList();
        var contactIds = (await db.ContactIdentities.Where(i => kinds.Contains(i.Kind) && addresses.Contains(i.Value))
                .Select(i => new { i.Kind, i.Value, i.ContactId }).ToListAsync(ct))
            .GroupBy(i => (i.Kind, i.Value))
            .ToDictionary(g => g.Key, g => g.Min(i => i.ContactId));

        // A contact is its id when stored, or the new entity until the save gives it one.
        var existingContactIds = contactIds.Values.Distinct().ToList();
        var conversations = (await db.Conversations
                .Where(c => c.Status == ConversationStatus.Open && c.ContactId != null && existingContactIds.Contains(c.ContactId.Value)
                            && c.ChannelAccountId != null && accountIds.Contains(c.ChannelAccountId.Value))
                .ToListAsync(ct))
            .GroupBy(c => ((object)c.ContactId!.Value, c.ChannelAccountId!.Value))
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.LastActivityAt)!);
        var newContacts = new Dictionary<(IdentityKind, string), Contact>();

        // Ids exist only after the save, so each message's result is read then.
        var results = new List<Func<InboundResult>>(batch.Count);
        var addedByProviderId = new Dictionary<string, Message>();
        foreach (var inbound in batch)
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
            var identity = (inbound.IdentityKind, inbound.Address);
            object contactKey = contactIds.TryGetValue(identity, out var contactId) ? contactId
                : newContacts.TryGetValue(identity, out var newContact) ? newContact
                : newContacts[identity] = NewContact(inbound, now);

            var started = false;
            if (!conversations.TryGetValue((contactKey, account.Id), out var conversation))
            {
                conversation = await StartAsync(db, account, contactKey, now, ct);
                conversations[(contactKey, account.Id)] = conversation;
                started = true;
            }
            else if (conversation.OwnerId is not null && conversation.IsArchived)
            {
                // The owner archived it but never dealt with it: the customer's message brings it back to them.
                conversation.IsArchived = false;
                conversation.AddEvent(ConversationEventKind.ReturnedToOwner, now, targetId: conversation.OwnerId);
            }

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
            var change = conversation.Any(r => r.Started) ? ConversationChange.Created : ConversationChange.MessageAdded;
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
        db.Conversations.Add(conversation);
        return conversation;
    }

    private static Contact NewContact(InboundMessage inbound, DateTime now) => new()
    {
        Name = Conversation.Clip(string.IsNullOrWhiteSpace(inbound.SenderName) ? inbound.Address : inbound.SenderName, 200)!,
        CreatedAt = now,
        Identities = [new ContactIdentity { Kind = inbound.IdentityKind, Value = inbound.Address }],
    };
}
