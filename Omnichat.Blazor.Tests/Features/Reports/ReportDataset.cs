using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Reports;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Reports;

/// <summary>
/// A fixed week of conversations with hand-worked answers, written straight to the tables the app writes (the report
/// triggers fill the metrics as they would in the app). Times are UTC; the report reads them in Amsterdam (UTC+1 in March).
/// </summary>
public sealed class ReportDataset
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    /// <summary>Monday 2 and Tuesday 3 March 2026, in Amsterdam.</summary>
    public static readonly ReportFilter TwoDays = new(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3));
    public static readonly DateTime Now = new(2026, 3, 4, 12, 0, 0, DateTimeKind.Utc);

    public int SupportQueueId { get; private set; }
    public int SalesQueueId { get; private set; }
    public string Anna { get; private set; } = "";
    public string Bram { get; private set; } = "";
    /// <summary>On the Monday 09:30 and Tuesday 10:10 conversations (and on one before the period).</summary>
    public int BillingLabelId { get; private set; }

    private static DateTime At(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    public async Task SeedAsync(OmnichatDbContext db, string suffix = "")
    {
        var support = new Queue { Name = $"Support{suffix}", FirstReplyTargetMinutes = 10 };
        var sales = new Queue { Name = $"Sales{suffix}" };
        db.Queues.AddRange(support, sales);
        var anna = NewUser($"Anna{suffix}");
        var bram = NewUser($"Bram{suffix}");
        db.Users.AddRange(anna, bram);
        var billing = new Label { Name = $"Billing{suffix}" };
        var returns = new Label { Name = $"Returns{suffix}" };
        db.Labels.AddRange(billing, returns);
        await db.SaveChangesAsync();
        (SupportQueueId, SalesQueueId, Anna, Bram, BillingLabelId) = (support.Id, sales.Id, anna.Id, bram.Id, billing.Id);

        // Sunday 23:50 in Amsterdam: the day before the period, though rated 1 on Monday (a rating follows its conversation's start).
        var dayBefore = Add(db, support, anna.Id, ConversationStatus.DealtWith, At(1, 22, 50), reply: At(1, 22, 51), resolved: At(1, 22, 55));
        Tag(dayBefore, billing);
        // Monday 00:30 in Amsterdam (Sunday in UTC): inside. First response 60 s.
        Add(db, support, anna.Id, ConversationStatus.Open, At(1, 23, 30), reply: At(1, 23, 31));
        // Monday 09:00: first response 120 s, dealt with after 3600 s. Rated 5.
        var a = Add(db, support, anna.Id, ConversationStatus.DealtWith, At(2, 8, 0), reply: At(2, 8, 2), resolved: At(2, 9, 0));
        // Monday 09:30: an automatic message at once is no response; the agent's after 300 s. Dealt with after 10800 s. Rated 4.
        var b = Add(db, support, anna.Id, ConversationStatus.DealtWith, At(2, 8, 30), reply: At(2, 8, 35), resolved: At(2, 11, 30));
        b.Messages.Add(new Message { Direction = MessageDirection.Outbound, AuthorId = null, Body = "We will be with you shortly", SentAt = At(2, 8, 31) });
        // Monday 14:00: first response 1200 s, over the target; dealt with, then reopened, so not resolved. Not rated.
        Add(db, support, bram.Id, ConversationStatus.Open, At(2, 13, 0), reply: At(2, 13, 20), resolved: At(2, 14, 0));
        // Tuesday 10:00: never answered, long past the target: a miss.
        Add(db, support, null, ConversationStatus.Open, At(3, 9, 0));
        // Tuesday 10:10, a queue without a target: first response 1800 s, session ended after 7200 s. Rated 2.
        var c = Add(db, sales, bram.Id, ConversationStatus.Ended, At(3, 9, 10), reply: At(3, 9, 40), resolved: At(3, 11, 10), resolvedBy: ConversationEventKind.SessionEnded);
        // Tuesday 23:30: ignored without a reply: not held against the target.
        Add(db, support, null, ConversationStatus.Ignored, At(3, 22, 30));
        // Wednesday 00:30 in Amsterdam: the day after.
        Add(db, support, anna.Id, ConversationStatus.Open, At(3, 23, 30), reply: At(3, 23, 31));
        // Deleted (though rated), and an internal chat: never in a report.
        var deleted = Add(db, support, anna.Id, ConversationStatus.Deleted, At(2, 10, 0), reply: At(2, 10, 1), resolved: At(2, 10, 5));
        Add(db, null, anna.Id, ConversationStatus.Open, At(2, 10, 0), reply: At(2, 10, 1), channel: ChannelKind.Internal);
        Tag(a, returns);
        Tag(b, returns);
        Tag(b, billing);
        Tag(c, billing);
        await db.SaveChangesAsync();

        Rate(db, a, 5, At(2, 9, 5));
        Rate(db, b, 4, At(2, 11, 40));
        Rate(db, c, 2, At(3, 11, 15));
        Rate(db, dayBefore, 1, At(2, 7, 0));
        Rate(db, deleted, 1, At(2, 10, 10));
        await db.SaveChangesAsync();
    }

    private static void Tag(Conversation conversation, Label label) => conversation.Labels.Add(new ConversationLabel { Label = label });

    private static void Rate(OmnichatDbContext db, Conversation conversation, int score, DateTime at) =>
        db.SatisfactionRatings.Add(new SatisfactionRating { ConversationId = conversation.Id, Score = score, RatedAt = at, Channel = conversation.Channel });

    private static ApplicationUser NewUser(string name) => new()
    {
        UserName = $"{name.ToLowerInvariant()}@test.omnichat",
        Email = $"{name.ToLowerInvariant()}@test.omnichat",
        DisplayName = name,
        Extension = $"r{name}",
    };

    private static Conversation Add(OmnichatDbContext db, Queue? queue, string? ownerId, ConversationStatus status, DateTime created,
        DateTime? reply = null, DateTime? resolved = null, ConversationEventKind resolvedBy = ConversationEventKind.DealtWith,
        ChannelKind channel = ChannelKind.Sms)
    {
        var conversation = new Conversation
        {
            Channel = channel,
            Queue = queue,
            OwnerId = ownerId,
            Status = status,
            CreatedAt = created,
            LastActivityAt = reply ?? created,
        };
        conversation.Messages.Add(new Message { Direction = MessageDirection.Inbound, Body = "Hello?", SentAt = created, State = DeliveryState.Received });
        if (reply is { } replied)
            conversation.Messages.Add(new Message { Direction = MessageDirection.Outbound, AuthorId = ownerId, Body = "Hi!", SentAt = replied, State = DeliveryState.Sent });
        if (resolved is { } at) conversation.AddEvent(resolvedBy, at, ownerId);
        db.Conversations.Add(conversation);
        return conversation;
    }
}
