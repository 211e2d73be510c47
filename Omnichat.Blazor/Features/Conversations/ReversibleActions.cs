using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The other half of the confirmation policy (see <see cref="Components.DestructiveConfirmation"/>): a reversible action
/// (dealt with, archive, ignore) is done at once and its snackbar offers Undo for a few seconds. Undo is a real state
/// change back, under the same conditional-update rules; if the conversation moved on meanwhile, it says so and leaves it.
/// </summary>
public sealed class ReversibleActions(ISnackbar snackbar, NavigationManager navigation, IStringLocalizer<Strings> L)
{
    public static readonly TimeSpan UndoFor = TimeSpan.FromSeconds(8);

    public void Offer(string doneMessage, long conversationId, Func<Task<Outcome>> undo) =>
        snackbar.Add(doneMessage, Severity.Success, options =>
        {
            options.Action = L["Look.Undo"];
            options.ActionColor = Color.Inherit;
            options.VisibleStateDuration = (int)UndoFor.TotalMilliseconds;
            options.OnClick = async _ =>
            {
                var outcome = await undo();
                if (outcome == Outcome.Done)
                {
                    snackbar.Add(L["Look.UndoDone"], Severity.Info);
                    navigation.NavigateTo($"conversations/{conversationId}");
                }
                else
                {
                    snackbar.Add(L["Look.UndoTooLate"], Severity.Warning);
                }
            };
        });
}
