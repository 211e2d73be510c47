namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The highlighted entry of a suggestion list under a text field that keeps the focus and forwards its keys: the arrows
/// move, Enter or Tab pick, Escape closes the list until the text changes.
/// </summary>
public sealed class SuggestionCursor
{
    public int Highlighted { get; private set; }
    public bool Dismissed { get; private set; }

    /// <summary>New suggestions: the first is highlighted and the list shows.</summary>
    public void Reset() => (Highlighted, Dismissed) = (0, false);

    public void Dismiss() => Dismissed = true;

    /// <summary>Handles a key for a list of <paramref name="count"/> entries; true when it was meant for the list.</summary>
    public async Task<bool> HandleAsync(string key, int count, Func<int, Task> pick)
    {
        switch (key)
        {
            case "ArrowDown":
                Highlighted = (Highlighted + 1) % count;
                return true;
            case "ArrowUp":
                Highlighted = (Highlighted - 1 + count) % count;
                return true;
            case "Enter" or "Tab":
                await pick(Highlighted);
                return true;
            case "Escape":
                Dismissed = true;
                return true;
            default:
                return false;
        }
    }
}
