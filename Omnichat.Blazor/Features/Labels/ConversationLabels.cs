using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Labels;

/// <summary>
/// Agents putting labels on a conversation and taking them off, from the header or with "/label" in the composer.
/// Each change is one write with its audit line, published on the <see cref="ConversationBus"/> so every console's
/// rows and filters follow.
/// </summary>
public sealed class ConversationLabels(IDbWriter writer, ConversationBus bus, IDbContextFactory<OmnichatDbContext> dbFactory, TimeProvider clock,
    IStringLocalizer<Strings> L)
{
    /// <summary>The composer command: "/label" and a label's name.</summary>
    public const string Command = "/label";

    /// <summary>Who may label: whoever may act on a customer conversation (internal chats carry no labels).</summary>
    public static Expression<Func<Conversation, bool>> MayLabel(Viewer viewer) =>
        ConversationRules.And(ConversationAccess.CanAct(viewer), c => c.Channel != ChannelKind.Internal);

    public Task<Outcome> AddAsync(long conversationId, Viewer viewer, int labelId, CancellationToken ct = default) =>
        ChangeAsync(conversationId, viewer, labelId, add: true, ct);

    public Task<Outcome> RemoveAsync(long conversationId, Viewer viewer, int labelId, CancellationToken ct = default) =>
        ChangeAsync(conversationId, viewer, labelId, add: false, ct);

    /// <summary>
    /// Runs "/label name" typed in the composer. Null when the text is no label command (it is a message to send);
    /// otherwise what to tell the agent under the composer, empty when the label is on.
    /// </summary>
    public async Task<string?> RunCommandAsync(long conversationId, Viewer viewer, string text, CancellationToken ct = default)
    {
        if (ParseCommand(text) is not { } name) return null;
        if (name.Length == 0) return L["Labels.Command.Usage"];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await db.Labels.Select(l => new { l.Id, l.Name }).ToListAsync(ct);
        var label = labels.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.CurrentCultureIgnoreCase));
        if (label is null) return L["Labels.Command.Unknown", name];
        var outcome = await AddAsync(conversationId, viewer, label.Id, ct);
        return outcome == Outcome.Done ? "" : L[$"Outcome.{outcome}"];
    }

    /// <summary>The label name after "/label", empty when none was given; null when the text is not the command.</summary>
    public static string? ParseCommand(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(Command, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = trimmed[Command.Length..];
        return rest.Length == 0 || char.IsWhiteSpace(rest[0]) ? rest.Trim() : null;
    }

    private async Task<Outcome> ChangeAsync(long conversationId, Viewer viewer, int labelId, bool add, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (outcome, changed) = await writer.WriteAsync<(Outcome, bool)>(async (db, token) =>
        {
            var one = db.Conversations.Where(c => c.Id == conversationId);
            if (!await one.AnyAsync(MayLabel(viewer), token))
            {
                var ownerId = await one.Select(c => c.OwnerId).SingleOrDefaultAsync(token);
                return (ownerId is not null && ownerId != viewer.UserId ? Outcome.Taken : Outcome.NotAllowed, false);
            }
            var name = await db.Labels.Where(l => l.Id == labelId).Select(l => l.Name).SingleOrDefaultAsync(token);
            if (name is null) return (Outcome.NotApplicable, false);
            var carries = await db.ConversationLabels.AnyAsync(t => t.ConversationId == conversationId && t.LabelId == labelId, token);
            // Already as asked (a double click, or a colleague's console a moment behind): nothing to record.
            if (carries == add) return (Outcome.Done, false);
            if (add) db.ConversationLabels.Add(new ConversationLabel { ConversationId = conversationId, LabelId = labelId });
            else await db.ConversationLabels.Where(t => t.ConversationId == conversationId && t.LabelId == labelId).ExecuteDeleteAsync(token);
            db.ConversationEvents.Add(new ConversationEvent
            {
                ConversationId = conversationId,
                Kind = add ? ConversationEventKind.LabelAdded : ConversationEventKind.LabelRemoved,
                ActorId = viewer.UserId,
                Note = name,
                At = now,
            });
            await db.SaveChangesAsync(token);
            return (Outcome.Done, true);
        }, ct);
        if (changed) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.LabelsChanged, viewer.UserId));
        return outcome;
    }

    /// <summary>Inside the write that starts a conversation on <paramref name="account"/>: the labels its channel and its queue set, with their audit lines.</summary>
    public static async Task ApplyAutomaticAsync(OmnichatDbContext db, Conversation conversation, ChannelAccount account, DateTime at, CancellationToken ct)
    {
        var queueLabel = db.Queues.Where(q => q.Id == account.QueueId).Select(q => q.AutoLabelId);
        var labels = await db.Labels.Where(l => l.Id == account.AutoLabelId || queueLabel.Contains(l.Id)).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name }).ToListAsync(ct);
        foreach (var label in labels)
        {
            conversation.Labels.Add(new ConversationLabel { LabelId = label.Id });
            conversation.AddEvent(ConversationEventKind.LabelAdded, at, note: label.Name);
        }
    }
}
