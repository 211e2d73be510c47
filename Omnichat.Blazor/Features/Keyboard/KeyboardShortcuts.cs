namespace Omnichat.Blazor.Features.Keyboard;

/// <summary>What a shortcut does with its target element.</summary>
public enum ShortcutAction
{
    /// <summary>Clicks the target; when it sits in a menu, opens the menu first.</summary>
    Click,

    /// <summary>Puts the cursor in the target (or the input inside it).</summary>
    Focus,

    /// <summary>Opens the next item of the list the target selects.</summary>
    Next,

    /// <summary>Opens the previous item of the list the target selects.</summary>
    Previous,

    /// <summary>Shows the shortcuts overlay.</summary>
    Help,
}

/// <summary>
/// One keyboard shortcut: the key (as the browser names it), what the overlay calls it, and the element it acts on.
/// <paramref name="Menu"/> names the menu button to open first when the target is a menu item.
/// </summary>
public sealed record Shortcut(string Key, string LabelKey, ShortcutAction Action, string? Target = null, string? Menu = null);

/// <summary>
/// The console's keyboard shortcuts, in one table: the keyboard module acts on it and the "?" overlay lists it, so a
/// new shortcut is one row pointing at the button (by its data-testid) that already does the work.
/// Shortcuts never fire while the cursor is in a text field; Escape leaves the field.
/// </summary>
public static class KeyboardShortcuts
{
    private const string ConversationMenu = "[data-testid=conversation-menu] button";

    public static readonly IReadOnlyList<Shortcut> All =
    [
        new("j", "Shortcuts.Next", ShortcutAction.Next, "[data-testid=inbox-item]"),
        new("k", "Shortcuts.Previous", ShortcutAction.Previous, "[data-testid=inbox-item]"),
        new("r", "Shortcuts.Composer", ShortcutAction.Focus, "[data-testid=composer-input]"),
        new("t", "Shortcuts.Templates", ShortcutAction.Click, "[data-testid=composer-templates]"),
        new("a", "Shortcuts.TakeOwnership", ShortcutAction.Click, "[data-testid=take-ownership]"),
        new("m", "Shortcuts.Transfer", ShortcutAction.Click, "[data-testid=menu-transfer]", ConversationMenu),
        new("d", "Shortcuts.DealtWith", ShortcutAction.Click, "[data-testid=menu-dealt-with]", ConversationMenu),
        new("p", "Shortcuts.Pending", ShortcutAction.Click, "[data-testid=action-pending]"),
        new("z", "Shortcuts.Snooze", ShortcutAction.Click, "[data-testid=action-snooze] button"),
        new("l", "Shortcuts.Label", ShortcutAction.Click, "[data-testid=label-add] button"),
        new("n", "Shortcuts.Note", ShortcutAction.Click, "[data-testid=composer-mode-note]"),
        new("/", "Shortcuts.Search", ShortcutAction.Focus, "[data-testid=filter-search]"),
        new("?", "Shortcuts.Help", ShortcutAction.Help),
    ];
}
