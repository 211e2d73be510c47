using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

public enum Outcome
{
    Done,
    /// <summary>Another agent owns the conversation now.</summary>
    Taken,
    /// <summary>The viewer may not do this to this conversation (or it does not exist).</summary>
    NotAllowed,
    /// <summary>The action does not apply in the conversation's current state.</summary>
    NotApplicable,
}

public sealed record InboundMessage(
    int ChannelAccountId,
    IdentityKind IdentityKind,
    string Address,
    string? SenderName,
    string Body,
    string? ProviderMessageId = null,
    bool HasAttachments = false);

public sealed record InboundResult(long ConversationId, long MessageId, bool Duplicate);

/// <param name="Refusal">Why the files cannot go out together on this channel, when that is the reason.</param>
public sealed record ReplyResult(Outcome Outcome, Message? Message = null, string? Refusal = null);

/// <summary>
/// The conversation rules (SPEC section 3): routing of inbound messages, claim, reply, transfer, dealt-with,
/// archive, delete and ignore. Each action is guarded by <see cref="ConversationAccess"/>, runs in one transaction,
/// and publishes its change on the <see cref="ConversationBus"/> after commit.
/// </summary>
public sealed class ConversationLifecycle(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    AssignmentPlanner planner,
    ConversationBus bus,
    FileStore files,
    OutboundMediaLimits mediaLimits,
    TimeProvider clock)
{
    private const int PreviewLength = 200;
    public const string AttachmentPreview = "📎";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<InboundResult> ReceiveAsync(InboundMessage inbound, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindByProviderIdAsync(db, inbound.ProviderMessageId, ct) is { } existing) return existing;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await db.ChannelAccounts.Include(a => a.Queue).SingleOrDefaultAsync(a => a.Id == inbound.ChannelAccountId, ct)
            ?? throw new InvalidOperationException($"Channel account {inbound.ChannelAccountId} does not exist.");
        var contact = await FindOrCreateContactAsync(db, inbound, ct);

        var conversation = await db.Conversations
            .Where(c => c.ContactId == contact.Id && c.ChannelAccountId == account.Id && c.Status == ConversationStatus.Open)
            .OrderByDescending(c => c.LastActivityAt)
            .FirstOrDefaultAsync(ct);
        var change = ConversationChange.MessageAdded;
        if (conversation is null)
        {
            conversation = await StartConversationAsync(db, account, contact, ct);
            change = ConversationChange.Created;
        }
        else if (conversation.OwnerId is not null && conversation.IsArchived)
        {
            // The owner archived it but never dealt with it: the customer's message brings it back to them.
            conversation.IsArchived = false;
            AddEvent(conversation, ConversationEventKind.ReturnedToOwner, null, conversation.OwnerId);
        }

        var message = new Message
        {
            Direction = MessageDirection.Inbound,
            Body = inbound.Body,
            SentAt = Now,
            State = DeliveryState.Received,
            ProviderMessageId = inbound.ProviderMessageId,
        };
        conversation.Messages.Add(message);
        Touch(conversation, inbound.Body.Length == 0 && inbound.HasAttachments ? AttachmentPreview : inbound.Body);

        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation() && inbound.ProviderMessageId is not null)
        {
            // A concurrent delivery of the same provider message won the race.
            await tx.RollbackAsync(ct);
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            return await FindByProviderIdAsync(fresh, inbound.ProviderMessageId, ct) ?? throw new InvalidOperationException("Duplicate vanished.", ex);
        }

        await bus.PublishAsync(new ConversationChanged(conversation.Id, change));
        return new InboundResult(conversation.Id, message.Id, Duplicate: false);
    }

    /// <summary>Take ownership without replying. Exactly one of several simultaneous claimers wins.</summary>
    public async Task<Outcome> ClaimAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await TryClaimAsync(db, conversationId, viewer, ct);
        await tx.CommitAsync(ct);
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Claimed, viewer.UserId));
        return outcome;
    }

    /// <summary>
    /// Sends a reply with optional files the agent uploaded to this conversation beforehand. Replying to an unowned
    /// conversation claims it first, and a lost claim sends nothing.
    /// </summary>
    public async Task<ReplyResult> ReplyAsync(long conversationId, Viewer viewer, string body, IReadOnlyCollection<long>? fileIds = null, CancellationToken ct = default)
    {
        fileIds ??= [];
        if (string.IsNullOrWhiteSpace(body) && fileIds.Count == 0) return new ReplyResult(Outcome.NotApplicable);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claim = await TryClaimAsync(db, conversationId, viewer, ct);
        if (claim != Outcome.Done) return new ReplyResult(claim);

        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId, ct);
        if (conversation.Status != ConversationStatus.Open) return new ReplyResult(Outcome.NotApplicable);
        var attached = await db.StoredFiles.Where(f => fileIds.Contains(f.Id) && f.ConversationId == conversationId && f.MessageId == null).ToListAsync(ct);
        if (attached.Count != fileIds.Count) return new ReplyResult(Outcome.NotApplicable);
        if (mediaLimits.Check(conversation.Channel, attached.Select(f => f.Size).ToList()) is { } refusal) return new ReplyResult(Outcome.NotApplicable, Refusal: refusal);

        var message = new Message
        {
            Direction = MessageDirection.Outbound,
            AuthorId = viewer.UserId,
            Body = body.Trim(),
            SentAt = Now,
            State = DeliveryState.Pending,
        };
        conversation.Messages.Add(message);
        Touch(conversation, message.Body.Length == 0 ? AttachmentPreview : message.Body);
        if (conversation.Channel != ChannelKind.Internal)
        {
            // Queued for the provider in the same transaction: an acknowledged reply is never lost.
            db.Outbox.Add(new OutboxEntry { Message = message, Status = OutboxStatus.Pending, NextAttemptAt = Now });
        }
        await db.SaveChangesAsync(ct);
        attached.ForEach(file => file.MessageId = message.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.MessageAdded, viewer.UserId));
        return new ReplyResult(Outcome.Done, message);
    }

    /// <summary>
    /// "Send SMS" from the information panel: opens the viewer's conversation with this contact on a channel of
    /// <paramref name="kind"/>, starting a new one owned by the viewer when none is open. Only for someone who may act
    /// on a conversation with the contact.
    /// </summary>
    public async Task<(Outcome Outcome, long? ConversationId)> StartOutboundAsync(int contactId, ChannelKind kind, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One writer at a time: a double click finds the conversation the first click started.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var contactConversations = db.Conversations.Where(c => c.ContactId == contactId);
        if (!await contactConversations.AnyAsync(ConversationAccess.CanAct(viewer), ct)) return (Outcome.NotAllowed, null);
        var address = await db.ContactIdentities.Where(i => i.ContactId == contactId).ToListAsync(ct);
        if (!address.Any(i => ChannelIdentities.Matches(kind, i.Kind))) return (Outcome.NotApplicable, null);

        var accountId = await contactConversations.Where(c => c.Channel == kind && c.ChannelAccountId != null)
                            .OrderByDescending(c => c.LastActivityAt).Select(c => c.ChannelAccountId).FirstOrDefaultAsync(ct)
                        ?? await db.ChannelAccounts.Where(a => a.Kind == kind).OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (accountId is null) return (Outcome.NotApplicable, null);

        var open = await contactConversations.Where(c => c.ChannelAccountId == accountId && c.Status == ConversationStatus.Open)
            .Select(c => new { c.Id, c.OwnerId }).FirstOrDefaultAsync(ct);
        if (open is not null)
        {
            if (open.OwnerId == viewer.UserId) return (Outcome.Done, open.Id);
            var claim = await TryClaimAsync(db, open.Id, viewer, ct);
            await tx.CommitAsync(ct);
            if (claim == Outcome.Done) await bus.PublishAsync(new ConversationChanged(open.Id, ConversationChange.Claimed, viewer.UserId));
            return (claim, open.Id);
        }

        var account = await db.ChannelAccounts.SingleAsync(a => a.Id == accountId, ct);
        var conversation = new Conversation
        {
            Channel = kind,
            ChannelAccountId = account.Id,
            QueueId = account.QueueId,
            ContactId = contactId,
            OwnerId = viewer.UserId,
            Status = ConversationStatus.Open,
            CreatedAt = Now,
            LastActivityAt = Now,
        };
        conversation.Events.Add(new ConversationEvent { Kind = ConversationEventKind.Created, ActorId = viewer.UserId, At = Now });
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await bus.PublishAsync(new ConversationChanged(conversation.Id, ConversationChange.Created, viewer.UserId));
        return (Outcome.Done, conversation.Id);
    }

    /// <summary>Hands the conversation to <paramref name="targetUserId"/>; the transferor loses access at once.</summary>
    public async Task<Outcome> TransferAsync(long conversationId, Viewer viewer, string targetUserId, string? note, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == targetUserId, ct)) return Outcome.NotApplicable;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Conversations
            .Where(c => c.Id == conversationId && c.OwnerId != targetUserId)
            .Where(ConversationAccess.CanManage(viewer))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.OwnerId, targetUserId)
                .SetProperty(c => c.Status, ConversationStatus.Open)
                .SetProperty(c => c.IsArchived, false), ct);
        if (updated == 0) return await ExplainRefusalAsync(db, conversationId, viewer, ct);

        AddEvent(db, conversationId, ConversationEventKind.Transferred, viewer.UserId, targetUserId, Trim(note, 500));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Transferred, viewer.UserId));
        return Outcome.Done;
    }

    /// <summary>"Dealt with": closes and archives. Internal chats are never dealt with.</summary>
    public Task<Outcome> MarkDealtWithAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationAccess.CanAct(viewer),
            c => (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Ended) && c.Channel != ChannelKind.Internal,
            ConversationStatus.DealtWith, archived: true, ConversationEventKind.DealtWith, ct);

    /// <summary>"End chat session" (live chat only): the visitor is told the chat has ended; their next message starts a new one.</summary>
    public Task<Outcome> EndSessionAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationAccess.CanAct(viewer),
            c => c.Status == ConversationStatus.Open && c.Channel == ChannelKind.LiveChat,
            ConversationStatus.Ended, archived: true, ConversationEventKind.SessionEnded, ct);

    /// <summary>Closes a conversation from an unknown sender without replying. The sender is not blocked.</summary>
    public Task<Outcome> IgnoreAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationAccess.CanAct(viewer),
            c => c.Status == ConversationStatus.Open && c.Contact != null && !c.Contact.IsSaved,
            ConversationStatus.Ignored, archived: true, ConversationEventKind.Ignored, ct);

    /// <summary>Removes the conversation from the Recent list without closing it.</summary>
    public Task<Outcome> ArchiveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationAccess.CanAct(viewer),
            c => c.Status == ConversationStatus.Open && !c.IsArchived,
            ConversationStatus.Open, archived: true, ConversationEventKind.Archived, ct);

    /// <summary>Brings an archived, dealt-with or ignored conversation back into the Recent list, open again.</summary>
    public Task<Outcome> UnarchiveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationAccess.CanManage(viewer),
            c => c.IsArchived,
            ConversationStatus.Open, archived: false, ConversationEventKind.Unarchived, ct);

    /// <summary>Deletes messages and files for good (owner or admin). The conversation row and its audit lines remain, without content.</summary>
    public async Task<Outcome> DeleteAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Conversations
            .Where(c => c.Id == conversationId)
            .Where(ConversationAccess.CanDelete(viewer))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, ConversationStatus.Deleted)
                .SetProperty(c => c.IsArchived, true)
                .SetProperty(c => c.LastMessagePreview, (string?)null), ct);
        if (updated == 0) return Outcome.NotAllowed;

        var storedFiles = await files.DeleteRowsAsync(db, conversationId, ct);
        await db.Messages.Where(m => m.ConversationId == conversationId).ExecuteDeleteAsync(ct);
        await db.ConversationEvents.Where(e => e.ConversationId == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Note, (string?)null), ct);
        AddEvent(db, conversationId, ConversationEventKind.Deleted, viewer.UserId, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        files.DeleteFromDisk(storedFiles);
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Deleted, viewer.UserId));
        return Outcome.Done;
    }

    /// <summary>Offers every unclaimed chat whose queue's offer timeout has passed to all members of its queue.</summary>
    public async Task<int> WidenExpiredOffersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Conversations
            .Where(c => c.Status == ConversationStatus.Open && c.OwnerId == null && !c.OfferWidened
                        && c.OfferedAt != null && c.Queue != null && c.Queue.OfferTimeoutSeconds != null)
            .Select(c => new { c.Id, QueueId = c.QueueId!.Value, OfferedAt = c.OfferedAt!.Value, Timeout = c.Queue!.OfferTimeoutSeconds!.Value })
            .ToListAsync(ct);
        var expired = candidates.Where(c => c.OfferedAt.AddSeconds(c.Timeout) <= Now).ToList();

        foreach (var item in expired)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimedMeanwhile = await db.Conversations
                .Where(c => c.Id == item.Id && c.OwnerId == null && !c.OfferWidened)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.OfferWidened, true), ct) == 0;
            if (claimedMeanwhile) continue;

            var offered = db.ConversationOffers.Where(o => o.ConversationId == item.Id).Select(o => o.UserId);
            var newcomers = await db.QueueMembers
                .Where(m => m.QueueId == item.QueueId && !offered.Contains(m.UserId))
                .Select(m => m.UserId)
                .ToListAsync(ct);
            db.ConversationOffers.AddRange(newcomers.Select(userId => new ConversationOffer { ConversationId = item.Id, UserId = userId }));
            AddEvent(db, item.Id, ConversationEventKind.OfferWidened, null, null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await bus.PublishAsync(new ConversationChanged(item.Id, ConversationChange.OfferWidened));
        }
        return expired.Count;
    }

    private async Task<Outcome> TryClaimAsync(OmnichatDbContext db, long conversationId, Viewer viewer, CancellationToken ct)
    {
        var userId = viewer.UserId;
        // The single conditional update is the whole race: whoever's UPDATE sees OwnerId IS NULL first wins.
        var won = await db.Conversations
            .Where(c => c.Id == conversationId && c.OwnerId == null && c.Status == ConversationStatus.Open)
            .Where(ConversationAccess.CanAct(viewer))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, userId), ct) == 1;
        if (won)
        {
            AddEvent(db, conversationId, ConversationEventKind.Claimed, userId, null);
            await db.SaveChangesAsync(ct);
            return Outcome.Done;
        }
        var ownerId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.OwnerId).SingleOrDefaultAsync(ct);
        return ownerId == userId ? Outcome.Done : await ExplainRefusalAsync(db, conversationId, viewer, ct);
    }

    private async Task<Outcome> ChangeStatusAsync(
        long conversationId,
        Viewer viewer,
        System.Linq.Expressions.Expression<Func<Conversation, bool>> access,
        System.Linq.Expressions.Expression<Func<Conversation, bool>> applicable,
        ConversationStatus status,
        bool archived,
        ConversationEventKind eventKind,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Conversations
            .Where(c => c.Id == conversationId)
            .Where(access)
            .Where(applicable)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.IsArchived, archived), ct);
        if (updated == 0)
        {
            var mayAct = await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(access, ct);
            return mayAct ? Outcome.NotApplicable : await ExplainRefusalAsync(db, conversationId, viewer, ct);
        }

        AddEvent(db, conversationId, eventKind, viewer.UserId, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.StatusChanged, viewer.UserId));
        return Outcome.Done;
    }

    /// <summary>Tells a refused agent whether a colleague got there first, so the UI can say so plainly.</summary>
    private static async Task<Outcome> ExplainRefusalAsync(OmnichatDbContext db, long conversationId, Viewer viewer, CancellationToken ct)
    {
        var ownerId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.OwnerId).SingleOrDefaultAsync(ct);
        return ownerId is not null && ownerId != viewer.UserId ? Outcome.Taken : Outcome.NotAllowed;
    }

    private async Task<Conversation> StartConversationAsync(OmnichatDbContext db, ChannelAccount account, Contact contact, CancellationToken ct)
    {
        var conversation = new Conversation
        {
            Channel = account.Kind,
            ChannelAccountId = account.Id,
            QueueId = account.QueueId,
            ContactId = contact.Id,
            Status = ConversationStatus.Open,
            CreatedAt = Now,
            OfferedAt = Now,
        };
        var offeredTo = await planner.ChooseAsync(db, account.Queue, ct);
        conversation.Offers.AddRange(offeredTo.Select(userId => new ConversationOffer { UserId = userId }));
        conversation.Events.Add(new ConversationEvent { Kind = ConversationEventKind.Created, At = Now });
        conversation.Events.Add(new ConversationEvent { Kind = ConversationEventKind.Offered, At = Now, Note = $"{offeredTo.Count} agent(s), {account.Queue.Strategy}" });
        db.Conversations.Add(conversation);
        return conversation;
    }

    private async Task<Contact> FindOrCreateContactAsync(OmnichatDbContext db, InboundMessage inbound, CancellationToken ct)
    {
        var contact = await db.Contacts
            .Where(c => c.Identities.Any(i => i.Kind == inbound.IdentityKind && i.Value == inbound.Address))
            .FirstOrDefaultAsync(ct);
        if (contact is not null) return contact;

        contact = new Contact
        {
            Name = Trim(string.IsNullOrWhiteSpace(inbound.SenderName) ? inbound.Address : inbound.SenderName, 200)!,
            CreatedAt = Now,
            Identities = [new ContactIdentity { Kind = inbound.IdentityKind, Value = inbound.Address }],
        };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return contact;
    }

    private static async Task<InboundResult?> FindByProviderIdAsync(OmnichatDbContext db, string? providerMessageId, CancellationToken ct)
    {
        if (providerMessageId is null) return null;
        return await db.Messages
            .Where(m => m.ProviderMessageId == providerMessageId)
            .Select(m => new InboundResult(m.ConversationId, m.Id, true))
            .SingleOrDefaultAsync(ct);
    }

    private void Touch(Conversation conversation, string body)
    {
        conversation.LastActivityAt = Now;
        conversation.LastMessagePreview = Trim(body.ReplaceLineEndings(" "), PreviewLength);
    }

    private void AddEvent(Conversation conversation, ConversationEventKind kind, string? actorId, string? targetId) =>
        conversation.Events.Add(new ConversationEvent { Kind = kind, ActorId = actorId, TargetId = targetId, At = Now });

    private void AddEvent(OmnichatDbContext db, long conversationId, ConversationEventKind kind, string? actorId, string? targetId, string? note = null) =>
        db.ConversationEvents.Add(new ConversationEvent { ConversationId = conversationId, Kind = kind, ActorId = actorId, TargetId = targetId, Note = note, At = Now });

    private static string? Trim(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
