using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <param name="Refusal">Why the files cannot go out together on this channel, when that is the reason.</param>
public sealed record ReplyResult(Outcome Outcome, Message? Message = null, string? Refusal = null);

/// <summary>
/// The agents' side of the conversation rules (SPEC section 3): claim, reply, transfer, dealt-with, archive, delete and
/// ignore. Each action is guarded by <see cref="ConversationAccess"/>, is one write on the <see cref="IDbWriter"/>, and
/// publishes its change on the <see cref="ConversationBus"/> after commit. Inbound messages are <see cref="ConversationIntake"/>'s.
/// </summary>
public sealed class ConversationLifecycle(
    IDbWriter writer,
    ConversationBus bus,
    OutboxSignal outbox,
    ConversationErasure erasure,
    OutboundMediaLimits mediaLimits,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Take ownership without replying. Exactly one of several simultaneous claimers wins. An agent at their queue's
    /// maximum of open chats gets <see cref="Outcome.AtCapacity"/> unless they confirmed going <paramref name="beyondCapacity"/>.
    /// </summary>
    public async Task<Outcome> ClaimAsync(long conversationId, Viewer viewer, bool beyondCapacity = false, CancellationToken ct = default)
    {
        var outcome = await writer.WriteAsync((db, token) => TryClaimAsync(db, conversationId, viewer, beyondCapacity, token), ct);
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Claimed, viewer.UserId));
        return outcome;
    }

    /// <summary>
    /// Sends a reply with optional files the agent uploaded to this conversation beforehand. Replying to an unowned
    /// conversation claims it first (as <see cref="ClaimAsync"/>), and a lost claim sends nothing.
    /// </summary>
    public async Task<ReplyResult> ReplyAsync(long conversationId, Viewer viewer, string body, IReadOnlyCollection<long>? fileIds = null,
        bool beyondCapacity = false, CancellationToken ct = default)
    {
        fileIds ??= [];
        if (string.IsNullOrWhiteSpace(body) && fileIds.Count == 0) return new ReplyResult(Outcome.NotApplicable);

        var result = await writer.WriteAsync(async (db, token) =>
        {
            var conversation = await db.Conversations.Where(ConversationAccess.CanAct(viewer)).SingleOrDefaultAsync(c => c.Id == conversationId, token);
            if (conversation is null) return new ReplyResult(await ExplainRefusalAsync(db, conversationId, viewer, token));
            // Checked before the claim: a reply that cannot go out must not make the agent its owner.
            if (conversation.Status != ConversationStatus.Open) return new ReplyResult(Outcome.NotApplicable);
            var attached = await db.StoredFiles.Where(f => fileIds.Contains(f.Id) && f.ConversationId == conversationId && f.MessageId == null).ToListAsync(token);
            if (attached.Count != fileIds.Count) return new ReplyResult(Outcome.NotApplicable);
            if (mediaLimits.Check(conversation.Channel, attached.Select(f => f.Size).ToList()) is { } refusal) return new ReplyResult(Outcome.NotApplicable, Refusal: refusal);
            var window = await ReplyWindow.ForAsync(db, conversationId, Now, token);
            if (!window.AllowsFreeForm) return new ReplyResult(Outcome.WindowClosed);

            // Colleagues in an internal chat write as equals: nobody claims it.
            if (conversation.Channel != ChannelKind.Internal)
            {
                var claim = await TryClaimAsync(db, conversationId, viewer, beyondCapacity, token);
                if (claim != Outcome.Done) return new ReplyResult(claim);
            }

            var message = await AddOutboundAsync(db, conversation, viewer, body.Trim(), entry => entry.MessageTag = window.Tag, token);
            attached.ForEach(file => file.MessageId = message.Id);
            await db.SaveChangesAsync(token);
            return new ReplyResult(Outcome.Done, message);
        }, ct);

        return await PublishReplyAsync(result, conversationId, viewer);
    }

    /// <summary>
    /// Sends an approved WhatsApp template, the one thing that may go once the 24-hour window has closed. The thread
    /// shows the template's text filled for this conversation; the provider gets its identifier and the values.
    /// </summary>
    /// <param name="missingValue">The refusal when a placeholder has no value (localized by the caller).</param>
    public async Task<ReplyResult> SendTemplateAsync(long conversationId, Viewer viewer, int templateId, TemplateContext context, string missingValue,
        bool beyondCapacity = false, CancellationToken ct = default)
    {
        var result = await writer.WriteAsync(async (db, token) =>
        {
            var conversation = await db.Conversations.Where(ConversationAccess.CanAct(viewer)).Include(c => c.ChannelAccount)
                .SingleOrDefaultAsync(c => c.Id == conversationId, token);
            if (conversation is null) return new ReplyResult(await ExplainRefusalAsync(db, conversationId, viewer, token));
            if (conversation.Status != ConversationStatus.Open || conversation.ChannelAccount is not { Kind: ChannelKind.WhatsApp } account)
                return new ReplyResult(Outcome.NotApplicable);
            var template = await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, token);
            if (template is null || !TemplateService.IsApprovedFor(template, account.Provider)) return new ReplyResult(Outcome.NotApplicable);
            var parameters = TemplateService.Values(template.Body, context);
            if (parameters.Any(p => p is null)) return new ReplyResult(Outcome.NotApplicable, Refusal: missingValue);

            var claim = await TryClaimAsync(db, conversationId, viewer, beyondCapacity, token);
            if (claim != Outcome.Done) return new ReplyResult(claim);

            var send = new TemplateSend(template.WhatsAppTemplateName, template.WhatsAppTemplateLanguage ?? template.Language, template.TwilioContentSid,
                parameters.Select(p => p!).ToList());
            var message = await AddOutboundAsync(db, conversation, viewer, TemplateService.Fill(template.Body, context), entry => entry.Template = send.ToJson(), token);
            return new ReplyResult(Outcome.Done, message);
        }, ct);

        return await PublishReplyAsync(result, conversationId, viewer);
    }

    /// <summary>
    /// The agent's message, and its outbox entry in the same transaction: an acknowledged reply is never lost. An
    /// internal chat's message goes to no provider: it is delivered once stored, and brings the chat back to every member
    /// who had archived it.
    /// </summary>
    private async Task<Message> AddOutboundAsync(OmnichatDbContext db, Conversation conversation, Viewer viewer, string body, Action<OutboxEntry> describe,
        CancellationToken ct)
    {
        var message = new Message
        {
            Direction = MessageDirection.Outbound,
            AuthorId = viewer.UserId,
            Body = body,
            SentAt = Now,
            State = conversation.Channel == ChannelKind.Internal ? DeliveryState.Delivered : DeliveryState.Pending,
        };
        conversation.Messages.Add(message);
        conversation.Touch(Now, message.Body.Length == 0 ? Conversation.AttachmentPreview : message.Body);
        if (conversation.Channel == ChannelKind.Internal)
        {
            await db.ConversationMembers.Where(m => m.ConversationId == conversation.Id && m.IsArchived)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsArchived, false), ct);
        }
        else
        {
            var entry = new OutboxEntry { Message = message, Status = OutboxStatus.Pending, NextAttemptAt = Now };
            describe(entry);
            db.Outbox.Add(entry);
        }
        await db.SaveChangesAsync(ct);
        return message;
    }

    private async Task<ReplyResult> PublishReplyAsync(ReplyResult result, long conversationId, Viewer viewer)
    {
        if (result.Outcome != Outcome.Done) return result;
        outbox.Queued.Notify();
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.MessageAdded, viewer.UserId));
        return result;
    }

    /// <summary>
    /// "Send SMS" from the information panel: opens the viewer's conversation with this contact on a channel of
    /// <paramref name="kind"/>, starting a new one owned by the viewer when none is open. Only for someone who may act
    /// on a conversation with the contact.
    /// </summary>
    public async Task<(Outcome Outcome, long? ConversationId)> StartOutboundAsync(int contactId, ChannelKind kind, Viewer viewer, CancellationToken ct = default)
    {
        // One write at a time: a double click finds the conversation the first click started.
        var (outcome, conversationId, change) = await writer.WriteAsync<(Outcome, long?, ConversationChange?)>(async (db, token) =>
        {
            var contactConversations = db.Conversations.Where(c => c.ContactId == contactId);
            if (!await contactConversations.AnyAsync(ConversationAccess.CanAct(viewer), token)) return (Outcome.NotAllowed, null, null);
            var address = await db.ContactIdentities.Where(i => i.ContactId == contactId).ToListAsync(token);
            if (!address.Any(i => ChannelIdentities.Matches(kind, i.Kind))) return (Outcome.NotApplicable, null, null);

            var accountId = await contactConversations.Where(c => c.Channel == kind && c.ChannelAccountId != null)
                                .OrderByDescending(c => c.LastActivityAt).Select(c => c.ChannelAccountId).FirstOrDefaultAsync(token)
                            ?? await db.ChannelAccounts.Where(a => a.Kind == kind).OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(token);
            if (accountId is null) return (Outcome.NotApplicable, null, null);

            var open = await contactConversations.Where(c => c.ChannelAccountId == accountId && c.Status == ConversationStatus.Open)
                .Select(c => new { c.Id, c.OwnerId }).FirstOrDefaultAsync(token);
            if (open is not null)
            {
                if (open.OwnerId == viewer.UserId) return (Outcome.Done, open.Id, null);
                // Writing to a customer of one's own accord, like starting a new conversation, is held back by no maximum.
                var claim = await TryClaimAsync(db, open.Id, viewer, beyondCapacity: true, token);
                return (claim, open.Id, claim == Outcome.Done ? ConversationChange.Claimed : null);
            }

            var account = await db.ChannelAccounts.SingleAsync(a => a.Id == accountId, token);
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
            conversation.AddEvent(ConversationEventKind.Created, Now, viewer.UserId);
            await Labels.ConversationLabels.ApplyAutomaticAsync(db, conversation, account, Now, token);
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync(token);
            return (Outcome.Done, conversation.Id, ConversationChange.Created);
        }, ct);

        if (change is { } published) await bus.PublishAsync(new ConversationChanged(conversationId!.Value, published, viewer.UserId));
        return (outcome, conversationId);
    }

    /// <summary>Hands the conversation to <paramref name="targetUserId"/>; the transferor loses access at once.</summary>
    public async Task<Outcome> TransferAsync(long conversationId, Viewer viewer, string targetUserId, string? note, CancellationToken ct = default)
    {
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            var updated = await db.Conversations
                .Where(c => c.Id == conversationId)
                .Where(ConversationRules.MayTransferTo(viewer, targetUserId, db))
                // Handed over, it is the new owner's to answer: in their "needs reply" view, not pending or snoozed.
                .ExecuteUpdateAsync(s => ConversationWaiting.EndWaiting(s
                    .SetProperty(c => c.OwnerId, targetUserId)
                    .SetProperty(c => c.Status, ConversationStatus.Open)
                    .SetProperty(c => c.IsArchived, false)), token);
            if (updated == 0)
            {
                var eligible = await db.Users.Where(ConversationRules.TransferTarget(db)).AnyAsync(u => u.Id == targetUserId, token);
                return eligible ? await ExplainRefusalAsync(db, conversationId, viewer, token) : Outcome.NotApplicable;
            }

            AddEvent(db, conversationId, ConversationEventKind.Transferred, viewer.UserId, targetUserId, Conversation.Clip(note, 500));
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Transferred, viewer.UserId));
        return outcome;
    }

    /// <summary>
    /// "Dealt with": closes and archives, and sends the channel's satisfaction survey if it has one. Internal chats are
    /// never dealt with.
    /// </summary>
    public async Task<Outcome> MarkDealtWithAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        var surveyed = false;
        var outcome = await ChangeStatusAsync(conversationId, viewer, ConversationRules.MayDealWith(viewer), ConversationStatus.DealtWith, archived: true,
            ConversationEventKind.DealtWith, ct, async (db, token) => surveyed = await SatisfactionSurveys.QueueAsync(db, conversationId, Now, token));
        if (surveyed) outbox.Queued.Notify();
        return outcome;
    }

    /// <summary>"End chat session" (live chat only): the visitor is told the chat has ended; their next message starts a new one.</summary>
    public Task<Outcome> EndSessionAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationRules.MayEndSession(viewer), ConversationStatus.Ended, archived: true, ConversationEventKind.SessionEnded, ct,
            // The visitor's token goes with the session: whoever holds it next can only start a new chat.
            (db, token) => LiveChatVisitors.RevokeAsync(db, conversationId, Now, token));

    /// <summary>Closes a conversation from an unknown sender without replying. The sender is not blocked.</summary>
    public Task<Outcome> IgnoreAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationRules.MayIgnore(viewer), ConversationStatus.Ignored, archived: true, ConversationEventKind.Ignored, ct);

    /// <summary>Removes the conversation from the owner's Recent list without closing it.</summary>
    public Task<Outcome> ArchiveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationRules.MayArchive(viewer), ConversationStatus.Open, archived: true, ConversationEventKind.Archived, ct);

    /// <summary>Brings an archived, dealt-with or ignored conversation back into the Recent list, open again.</summary>
    public Task<Outcome> UnarchiveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationRules.MayUnarchive(viewer), ConversationStatus.Open, archived: false, ConversationEventKind.Unarchived, ct);

    /// <summary>
    /// Undoes dealt with, archive or ignore: back to Open in Recent, by the same rule as unarchive, and only while the
    /// conversation is still as that action left it (<paramref name="leftAs"/>, archived). Once it moved on (a colleague
    /// reopened, transferred or deleted it) nothing changes and the outcome says the undo no longer applies.
    /// </summary>
    public Task<Outcome> UndoCloseAsync(long conversationId, Viewer viewer, ConversationStatus leftAs, CancellationToken ct = default) =>
        ChangeStatusAsync(conversationId, viewer, ConversationRules.And(ConversationRules.MayUnarchive(viewer), c => c.Status == leftAs),
            ConversationStatus.Open, archived: false, ConversationEventKind.Unarchived, ct);

    /// <summary>
    /// Deletes messages and files for good (owner or admin), with every copy the database keeps of them (see
    /// <see cref="ConversationErasure"/>). The conversation row and its audit lines remain, without content.
    /// </summary>
    public async Task<Outcome> DeleteAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        var storedFiles = await writer.WriteAsync<IReadOnlyList<string>?>(async (db, token) =>
        {
            var updated = await db.Conversations
                .Where(c => c.Id == conversationId)
                .Where(ConversationRules.MayDelete(viewer))
                .ExecuteUpdateAsync(s => ConversationWaiting.EndWaiting(s
                    .SetProperty(c => c.Status, ConversationStatus.Deleted)
                    .SetProperty(c => c.IsArchived, true)), token);
            if (updated == 0) return null;

            var storageNames = await erasure.EraseAsync(db, conversationId, token);
            AddEvent(db, conversationId, ConversationEventKind.Deleted, viewer.UserId, null);
            await db.SaveChangesAsync(token);
            return storageNames;
        }, ct);
        if (storedFiles is null) return Outcome.NotAllowed;

        await erasure.AfterCommitAsync(storedFiles);
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.Deleted, viewer.UserId));
        return Outcome.Done;
    }

    private async Task<Outcome> TryClaimAsync(OmnichatDbContext db, long conversationId, Viewer viewer, bool beyondCapacity, CancellationToken ct)
    {
        var userId = viewer.UserId;
        var mayClaim = ConversationRules.MayClaim(viewer);
        // The single conditional update is the whole race: whoever's UPDATE sees OwnerId IS NULL (and a place left) first wins.
        var won = await db.Conversations
            .Where(c => c.Id == conversationId)
            .Where(beyondCapacity ? mayClaim : ConversationRules.And(mayClaim, AgentCapacity.HasPlaceFor(userId, db)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, userId), ct) == 1;
        if (won)
        {
            AddEvent(db, conversationId, ConversationEventKind.Claimed, userId, null);
            await db.SaveChangesAsync(ct);
            return Outcome.Done;
        }
        var ownerId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.OwnerId).SingleOrDefaultAsync(ct);
        if (ownerId == userId) return Outcome.Done;
        if (!beyondCapacity && await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(mayClaim, ct)) return Outcome.AtCapacity;
        return await ExplainRefusalAsync(db, conversationId, viewer, ct);
    }

    private async Task<Outcome> ChangeStatusAsync(
        long conversationId,
        Viewer viewer,
        Expression<Func<Conversation, bool>> rule,
        ConversationStatus status,
        bool archived,
        ConversationEventKind eventKind,
        CancellationToken ct,
        Func<OmnichatDbContext, CancellationToken, Task>? alsoInTheWrite = null)
    {
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            var updated = await db.Conversations
                .Where(c => c.Id == conversationId)
                .Where(rule)
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(c => c.Status, status).SetProperty(c => c.IsArchived, archived);
                    // Closed, it waits for nothing: a snooze must not bring back a dealt-with chat.
                    if (status != ConversationStatus.Open) ConversationWaiting.EndWaiting(s);
                }, token);
            if (updated == 0)
            {
                // Someone who may act on it (a member of an internal chat, too) asked for what does not apply to it now.
                var mayAct = await db.Conversations.Where(c => c.Id == conversationId)
                    .AnyAsync(ConversationRules.Or(ConversationAccess.CanManage(viewer), ConversationAccess.CanAct(viewer)), token);
                return mayAct ? Outcome.NotApplicable : await ExplainRefusalAsync(db, conversationId, viewer, token);
            }

            if (alsoInTheWrite is not null) await alsoInTheWrite(db, token);
            AddEvent(db, conversationId, eventKind, viewer.UserId, null);
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.StatusChanged, viewer.UserId));
        return outcome;
    }

    /// <summary>Tells a refused agent whether a colleague got there first, so the UI can say so plainly.</summary>
    internal static async Task<Outcome> ExplainRefusalAsync(OmnichatDbContext db, long conversationId, Viewer viewer, CancellationToken ct)
    {
        var ownerId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.OwnerId).SingleOrDefaultAsync(ct);
        return ownerId is not null && ownerId != viewer.UserId ? Outcome.Taken : Outcome.NotAllowed;
    }

    private void AddEvent(OmnichatDbContext db, long conversationId, ConversationEventKind kind, string? actorId, string? targetId, string? note = null) =>
        db.ConversationEvents.Add(new ConversationEvent { ConversationId = conversationId, Kind = kind, ActorId = actorId, TargetId = targetId, Note = note, At = Now });
}
