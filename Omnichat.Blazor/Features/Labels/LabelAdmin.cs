using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Labels;

/// <summary>Defining labels (admins) and listing them (the header menu, the filters, the channel and queue settings).</summary>
public sealed class LabelAdmin(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ConversationBus bus, IStringLocalizer<Strings> L)
{
    /// <summary>Every label, by name; there are few enough to list whole.</summary>
    public async Task<IReadOnlyList<LabelTag>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Labels.OrderBy(l => l.Name).Select(l => new LabelTag(l.Id, l.Name, l.Colour)).ToListAsync(ct);
    }

    /// <summary>Creates a label; returns why not, in words an admin can act on, or null when saved.</summary>
    public Task<string?> CreateAsync(string name, string colour, CancellationToken ct = default) => SaveAsync(null, name, colour, ct);

    /// <summary>Renames or recolours a label; the conversations carrying it show the change at once.</summary>
    public Task<string?> UpdateAsync(int labelId, string name, string colour, CancellationToken ct = default) => SaveAsync(labelId, name, colour, ct);

    /// <summary>Deletes a label: it comes off every conversation, channel and queue; the audit lines keep its name.</summary>
    public async Task DeleteAsync(int labelId, CancellationToken ct = default)
    {
        var carriers = await writer.WriteAsync(async (db, token) =>
        {
            var carriers = await OpenCarriersAsync(db, labelId, token);
            await db.ConversationLabels.Where(t => t.LabelId == labelId).ExecuteDeleteAsync(token);
            await db.ChannelAccounts.Where(a => a.AutoLabelId == labelId).ExecuteUpdateAsync(s => s.SetProperty(a => a.AutoLabelId, (int?)null), token);
            await db.Queues.Where(q => q.AutoLabelId == labelId).ExecuteUpdateAsync(s => s.SetProperty(q => q.AutoLabelId, (int?)null), token);
            await db.Labels.Where(l => l.Id == labelId).ExecuteDeleteAsync(token);
            return carriers;
        }, ct);
        await PublishAsync(carriers);
    }

    private async Task<string?> SaveAsync(int? labelId, string name, string colour, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length == 0) return L["Labels.Error.NameRequired"];
        if (name.Length > Label.MaxNameLength) return L["Labels.Error.TooLong", Label.MaxNameLength];
        if (!LabelPalette.IsKnown(colour)) return L["Labels.Error.Colour"];

        // Localized before the write: the writer's thread has no request culture.
        var duplicate = L["Labels.Error.Duplicate", name].Value;
        var gone = L["Labels.Error.Gone"].Value;
        var (error, carriers) = await writer.WriteAsync<(string?, IReadOnlyList<long>)>(async (db, token) =>
        {
            // The name column compares without case, so "VIP" and "vip" are one label.
            if (await db.Labels.AnyAsync(l => l.Name == name && l.Id != labelId, token)) return (duplicate, []);
            var label = labelId is { } id ? await db.Labels.FindAsync([id], token) : db.Labels.Add(new Label()).Entity;
            if (label is null) return (gone, []);
            label.Name = name;
            label.Colour = colour;
            await db.SaveChangesAsync(token);
            return (null, labelId is { } existing ? await OpenCarriersAsync(db, existing, token) : []);
        }, ct);
        await PublishAsync(carriers);
        return error;
    }

    /// <summary>
    /// The open conversations carrying a label: those are the rows consoles keep live. Closed ones show the change
    /// when the archive is next read.
    /// </summary>
    private static async Task<IReadOnlyList<long>> OpenCarriersAsync(OmnichatDbContext db, int labelId, CancellationToken ct) =>
        await db.ConversationLabels.Where(t => t.LabelId == labelId)
            .Join(db.Conversations.Where(c => c.Status == ConversationStatus.Open), t => t.ConversationId, c => c.Id, (t, c) => c.Id)
            .ToListAsync(ct);

    private async Task PublishAsync(IReadOnlyList<long> conversationIds)
    {
        foreach (var id in conversationIds) await bus.PublishAsync(new ConversationChanged(id, ConversationChange.LabelsChanged));
    }
}
