namespace Omnichat.Blazor.Features.Reviews;

/// <summary>
/// A reviewer's private remark on a customer conversation: never sent to the customer, and read only by reviewers and
/// the agent who owns the conversation (<see cref="Conversations.ConversationAccess.CanReadReviewNotes"/>).
/// </summary>
public class ReviewNote
{
    public const int MaxBodyLength = 2000;

    public long Id { get; set; }
    public long ConversationId { get; set; }
    public string? AuthorId { get; set; }
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
