using System.Text.RegularExpressions;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Notes;

/// <summary>
/// A note being written and the colleagues picked for it from the "@" suggestions. Kept by the conversation's composer
/// area, so switching between reply and note loses neither.
/// </summary>
public sealed partial class NoteDraft
{
    public string Text { get; set; } = "";

    private readonly List<AgentChoice> picked = [];

    /// <summary>The "@word" being typed at the end of the text, without the "@"; null when none is.</summary>
    public static string? MentionBeingTyped(string? text) =>
        text is not null && TypedMention().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Replaces the "@word" being typed with the colleague's full name, and remembers who it is.</summary>
    public void Pick(AgentChoice colleague)
    {
        var typed = MentionBeingTyped(Text) ?? "";
        Text = $"{Text[..^(typed.Length + 1)]}@{colleague.DisplayName} ";
        if (!picked.Contains(colleague)) picked.Add(colleague);
    }

    /// <summary>The picked colleagues whose "@name" is still in the text: one deleted again mentions nobody.</summary>
    public IReadOnlyList<string> MentionedUserIds =>
        picked.Where(c => Text.Contains($"@{c.DisplayName}", StringComparison.Ordinal)).Select(c => c.Id).ToList();

    public void Clear()
    {
        Text = "";
        picked.Clear();
    }

    // An "@" at the start or after a space, then letters, digits, dots, dashes or underscores up to the end.
    [GeneratedRegex(@"(?:^|\s)@([\p{L}\p{N}._-]*)$")]
    private static partial Regex TypedMention();
}
