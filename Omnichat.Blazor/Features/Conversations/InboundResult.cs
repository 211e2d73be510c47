namespace Omnichat.Blazor.Features.Conversations;

/// <param name="Duplicate">The provider delivered this message before; nothing new was stored.</param>
/// <param name="Started">The message started a new conversation.</param>
/// <param name="Rated">The message answered the satisfaction survey of a closed conversation: a score, not a request.</param>
public sealed record InboundResult(long ConversationId, long MessageId, bool Duplicate, bool Started = false, bool Rated = false);
