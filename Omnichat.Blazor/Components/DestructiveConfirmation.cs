using MudBlazor;

namespace Omnichat.Blazor.Components;

/// <summary>
/// The confirmation policy: an action that cannot be undone (delete, block, end a session, erase) asks first, with
/// its button styled as destructive; a reversible one acts at once and offers Undo instead (see the conversation view).
/// </summary>
public static class DestructiveConfirmation
{
    /// <summary>True when the person confirmed; false when they cancelled, pressed Escape or clicked away.</summary>
    public static async Task<bool> ConfirmDestructiveAsync(this IDialogService dialogs, string title, string message, string confirmText)
    {
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title,
            new DialogParameters<ConfirmDialog> { { d => d.Message, message }, { d => d.ConfirmText, confirmText } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        return await dialog.Result is { Canceled: false };
    }
}
