using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Satisfaction;

/// <summary>The customer's answer to "How did we do?" after a conversation was closed: one per conversation.</summary>
public class SatisfactionRating
{
    public const int MinScore = 1;
    public const int MaxScore = 5;
    public const int MaxCommentLength = 1000;

    public long ConversationId { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime RatedAt { get; set; }
    public ChannelKind Channel { get; set; }

    public static bool IsScore(int score) => score is >= MinScore and <= MaxScore;
}

/// <summary>
/// A survey message sent by SMS or WhatsApp after "dealt with". A reply of 1–5 from that contact on that channel
/// within <see cref="SatisfactionSurveys.AnswerWindow"/> is its score, not a new conversation.
/// </summary>
public class SatisfactionSurvey
{
    public long ConversationId { get; set; }
    public int ChannelAccountId { get; set; }
    public int ContactId { get; set; }
    public DateTime SentAt { get; set; }
}

/// <summary>A rating as the conversation shows it.</summary>
public sealed record CustomerRating(int Score, string? Comment);

public static class SatisfactionModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ChannelAccount>().Property(a => a.SurveyTemplateName).HasMaxLength(Templates.MessageTemplate.MaxNameLength);
        builder.Entity<SatisfactionRating>(rating =>
        {
            rating.HasKey(r => r.ConversationId);
            rating.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
            rating.Property(r => r.Comment).HasMaxLength(SatisfactionRating.MaxCommentLength);
            // Reports read ratings by period.
            rating.HasIndex(r => r.RatedAt);
            rating.HasOne<Conversation>().WithOne().HasForeignKey<SatisfactionRating>(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SatisfactionSurvey>(survey =>
        {
            survey.HasKey(s => s.ConversationId);
            // Every inbound batch looks up the surveys its senders may be answering.
            survey.HasIndex(s => new { s.ContactId, s.ChannelAccountId, s.SentAt });
            survey.HasOne<Conversation>().WithOne().HasForeignKey<SatisfactionSurvey>(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
