using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Templates;

namespace Omnichat.Blazor.Features.Satisfaction;

/// <summary>
/// The SMS and WhatsApp survey: after "dealt with", a channel that names a survey template sends it in the contact's
/// language; a reply of 1–5 within <see cref="AnswerWindow"/> is recorded as the score (see <see cref="SurveyReplies"/>).
/// </summary>
public static class SatisfactionSurveys
{
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromHours(24);

    /// <summary>Used when the contact's language has no version of the survey template.</summary>
    public const string FallbackLanguage = "en";

    /// <summary>
    /// Inside the "dealt with" write: queues the survey of the conversation's channel, when it has one, the customer may
    /// still be written to (WhatsApp's window), and this conversation was not surveyed before. Returns whether it did.
    /// </summary>
    public static async Task<bool> QueueAsync(OmnichatDbContext db, long conversationId, DateTime now, CancellationToken ct)
    {
        var target = await db.Conversations
            .Where(c => c.Id == conversationId && (c.Channel == ChannelKind.Sms || c.Channel == ChannelKind.WhatsApp) && c.ContactId != null
                        && c.ChannelAccount!.SurveyTemplateName != null && !db.SatisfactionSurveys.Any(s => s.ConversationId == c.Id))
            .Select(c => new
            {
                ChannelAccountId = c.ChannelAccountId!.Value,
                ContactId = c.ContactId!.Value,
                TemplateName = c.ChannelAccount!.SurveyTemplateName!,
                ContactName = c.Contact!.IsSaved ? c.Contact.Name : null,
                c.Contact!.Language,
                QueueName = c.Queue != null ? c.Queue.Name : null,
                AgentName = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (target is null) return false;
        if (!(await ReplyWindow.ForAsync(db, conversationId, now, ct)).AllowsFreeForm) return false;

        var versions = await db.MessageTemplates.AsNoTracking().Where(t => t.Name == target.TemplateName).ToListAsync(ct);
        var template = versions.FirstOrDefault(t => t.Language == target.Language)
                       ?? versions.FirstOrDefault(t => t.Language == FallbackLanguage)
                       ?? versions.FirstOrDefault();
        if (template is null) return false;

        var body = TemplateService.Fill(template.Body, new TemplateContext(target.ContactName ?? "", target.AgentName, target.QueueName, target.Language));
        var message = new Message
        {
            ConversationId = conversationId,
            Direction = MessageDirection.Outbound,
            Body = body,
            SentAt = now,
            State = DeliveryState.Pending,
        };
        db.Messages.Add(message);
        db.Outbox.Add(new OutboxEntry { Message = message, Status = OutboxStatus.Pending, NextAttemptAt = now });
        db.SatisfactionSurveys.Add(new SatisfactionSurvey
        {
            ConversationId = conversationId,
            ChannelAccountId = target.ChannelAccountId,
            ContactId = target.ContactId,
            SentAt = now,
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The score a survey reply gives: the digit 1–5 alone (spaces and a full stop allowed); null for anything else.</summary>
    public static int? ScoreOf(string reply)
    {
        var text = reply.Trim().TrimEnd('.', '!').Trim();
        return text.Length == 1 && int.TryParse(text, out var score) && SatisfactionRating.IsScore(score) ? score : null;
    }
}

/// <summary>
/// The intake's one extra step: a batch's senders who were surveyed on that channel within the reply window and have
/// not answered yet. A 1–5 reply from one of them with no open conversation there is their score, kept with the
/// surveyed conversation, instead of a new conversation.
/// </summary>
public sealed class SurveyReplies
{
    private readonly Dictionary<(int ContactId, int ChannelAccountId), (long ConversationId, ChannelKind Channel)> awaiting;
    private readonly OmnichatDbContext db;

    private SurveyReplies(OmnichatDbContext db, Dictionary<(int, int), (long, ChannelKind)> awaiting)
    {
        this.db = db;
        this.awaiting = awaiting;
    }

    public static async Task<SurveyReplies> ReadAsync(OmnichatDbContext db, IReadOnlyCollection<int> contactIds, IReadOnlyCollection<int> channelAccountIds,
        DateTime now, CancellationToken ct)
    {
        var since = now - SatisfactionSurveys.AnswerWindow;
        var open = await db.SatisfactionSurveys
            .Where(s => contactIds.Contains(s.ContactId) && channelAccountIds.Contains(s.ChannelAccountId) && s.SentAt >= since
                        && !db.SatisfactionRatings.Any(r => r.ConversationId == s.ConversationId))
            .Join(db.Conversations, s => s.ConversationId, c => c.Id, (s, c) => new { s.ContactId, s.ChannelAccountId, s.ConversationId, s.SentAt, c.Channel })
            .ToListAsync(ct);
        // The latest survey is the one being answered.
        return new SurveyReplies(db, open.GroupBy(s => (s.ContactId, s.ChannelAccountId))
            .ToDictionary(g => g.Key, g =>
            {
                var latest = g.MaxBy(s => s.SentAt)!;
                return (latest.ConversationId, latest.Channel);
            }));
    }

    /// <summary>
    /// When <paramref name="inbound"/> answers a survey: records the score and keeps the reply with the surveyed
    /// conversation (which stays closed), and returns that message. Null when it is an ordinary message.
    /// </summary>
    public Message? TryRecord(object contactKey, InboundMessage inbound, DateTime now)
    {
        if (contactKey is not int contactId || inbound.HasAttachments || SatisfactionSurveys.ScoreOf(inbound.Body) is not { } score
            || !awaiting.Remove((contactId, inbound.ChannelAccountId), out var survey)) return null;
        db.SatisfactionRatings.Add(new SatisfactionRating { ConversationId = survey.ConversationId, Score = score, RatedAt = now, Channel = survey.Channel });
        var message = new Message
        {
            ConversationId = survey.ConversationId,
            Direction = MessageDirection.Inbound,
            Body = inbound.Body,
            SentAt = now,
            State = DeliveryState.Received,
            ProviderMessageId = inbound.ProviderMessageId,
        };
        db.Messages.Add(message);
        return message;
    }
}
