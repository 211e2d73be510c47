using Microsoft.Extensions.Localization;
using MudBlazor;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Taking a chat past one's maximum of open chats asks first: the action runs once within the maximum and, when it
/// stopped there and the agent confirms, once more beyond it.
/// </summary>
public sealed class CapacityPrompt(IDialogService dialogs, IStringLocalizer<Strings> L)
{
    /// <param name="claim">The claiming action, told whether the agent confirmed going beyond their maximum.</param>
    public async Task<T> RunAsync<T>(Func<bool, Task<T>> claim, Func<T, Outcome> outcomeOf)
    {
        var result = await claim(false);
        if (outcomeOf(result) != Outcome.AtCapacity) return result;
        var confirmed = await dialogs.ShowMessageBoxAsync(L["Capacity.Title"], L["Capacity.Question"],
            yesText: L["Capacity.TakeAnyway"], cancelText: L["Common.Cancel"]);
        return confirmed == true ? await claim(true) : result;
    }

    public Task<Outcome> RunAsync(Func<bool, Task<Outcome>> claim) => RunAsync(claim, outcome => outcome);
}
