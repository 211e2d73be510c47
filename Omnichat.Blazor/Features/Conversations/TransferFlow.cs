using Microsoft.Extensions.Localization;
using MudBlazor;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Conversations;

public enum AgentAvailability
{
    Available,
    Away,
    Offline,
}

public sealed record AgentChoice(string Id, string DisplayName, string Extension, AgentAvailability Availability);

public sealed record TransferRequest(string TargetUserId, string? Note);

/// <summary>The active colleagues one can hand a chat to or chat with, with whether they are at their console now.</summary>
public sealed class Colleagues(UserDirectory directory, AgentPresence presence)
{
    public async Task<IReadOnlyList<AgentChoice>> OfAsync(Viewer viewer) => Choices(await directory.TransferTargetsAsync(), viewer);

    /// <summary>Every active colleague, whatever their role: whom a private note can mention.</summary>
    public async Task<IReadOnlyList<AgentChoice>> MentionableAsync(Viewer viewer) =>
        Choices((await directory.ListAsync()).Where(u => !u.IsDeactivated), viewer);

    private IReadOnlyList<AgentChoice> Choices(IEnumerable<UserSummary> users, Viewer viewer) =>
        users.Where(u => u.Id != viewer.UserId && !u.IsLockedOut)
            .Select(u => new AgentChoice(u.Id, u.DisplayName, u.Extension,
                !presence.IsOnline(u.Id) ? AgentAvailability.Offline : u.IsAway ? AgentAvailability.Away : AgentAvailability.Available))
            .ToList();
}

/// <summary>The transfer steps shared by the conversation view and the archive list: pick a colleague, transfer, say how it went.</summary>
public sealed class TransferFlow(
    Colleagues colleagues,
    ConversationLifecycle lifecycle,
    IDialogService dialogs,
    ISnackbar snackbar,
    IStringLocalizer<Strings> L)
{
    /// <summary>Returns the outcome, or null when the agent cancelled.</summary>
    public async Task<Outcome?> RunAsync(long conversationId, Viewer viewer)
    {
        var agents = await colleagues.OfAsync(viewer);
        var dialog = await dialogs.ShowAsync<TransferDialog>(L["Action.Transfer"],
            new DialogParameters<TransferDialog> { { d => d.Agents, agents } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: TransferRequest request }) return null;

        var outcome = await lifecycle.TransferAsync(conversationId, viewer, request.TargetUserId, request.Note);
        var targetName = agents.First(a => a.Id == request.TargetUserId).DisplayName;
        if (outcome == Outcome.Done) snackbar.Add(L["Transfer.Done", targetName], Severity.Success);
        else snackbar.Add(L[$"Outcome.{outcome}"], Severity.Warning);
        return outcome;
    }
}
