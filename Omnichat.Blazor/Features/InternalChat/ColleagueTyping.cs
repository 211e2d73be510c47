using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Features.InternalChat;

/// <summary>A colleague is typing in an internal chat, or stopped (sent their message).</summary>
public sealed record TypingSignal(long ConversationId, string UserId, string DisplayName, bool Stopped = false);

/// <summary>
/// "Anna is typing…" between the open consoles of an internal chat. Held in memory only: a signal is sent at most every
/// <see cref="SendEvery"/> while someone types, and a console forgets it after <see cref="ShownFor"/> without another.
/// Only consoles showing the chat, which they may read, listen for its signals.
/// </summary>
public sealed class ColleagueTyping(ILogger<ColleagueTyping> logger) : Broadcast<TypingSignal>(logger)
{
    public static readonly TimeSpan SendEvery = TimeSpan.FromSeconds(3);

    /// <summary>Longer than the pause between two signals, so a steady typist does not flicker.</summary>
    public static readonly TimeSpan ShownFor = TimeSpan.FromSeconds(6);
}
