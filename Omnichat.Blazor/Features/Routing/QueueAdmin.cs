using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Routing;

public sealed record QueueSettings(
    string Name,
    AssignmentStrategy Strategy,
    int TopN = 3,
    int? MaxOpenChatsPerAgent = null,
    int? OfferTimeoutSeconds = null,
    int? AutoLabelId = null,
    int? FirstReplyTargetMinutes = null);

public sealed record QueueName(int Id, string Name);

/// <summary>Creating queues and ordering their members; used by the admin page, the CLI and the demo.</summary>
public sealed class QueueAdmin(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer)
{
    public async Task<List<Queue>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Queues
            .Include(q => q.Members.OrderBy(m => m.Position)).ThenInclude(m => m.User)
            .OrderBy(q => q.Name)
            .AsNoTracking()
            .ToListAsync(ct);
    }

    /// <summary>The queues a viewer may filter by: their own, or every queue for a reviewer. Names only, for lists kept open all day.</summary>
    public async Task<IReadOnlyList<QueueName>> NamesAsync(string? memberUserId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Queues
            .Where(q => memberUserId == null || q.Members.Any(m => m.UserId == memberUserId))
            .OrderBy(q => q.Name)
            .Select(q => new QueueName(q.Id, q.Name))
            .ToListAsync(ct);
    }

    public async Task<(Queue? Queue, string? Error)> CreateAsync(QueueSettings settings, CancellationToken ct = default)
    {
        if (Validate(settings) is { } error) return (null, error);
        return await writer.WriteAsync<(Queue?, string?)>(async (db, token) =>
        {
            if (await db.Queues.AnyAsync(q => q.Name == settings.Name.Trim(), token)) return (null, $"A queue named {settings.Name.Trim()} already exists.");
            var queue = new Queue();
            Apply(queue, settings);
            db.Queues.Add(queue);
            await db.SaveChangesAsync(token);
            return (queue, null);
        }, ct);
    }

    public async Task<string?> UpdateAsync(int queueId, QueueSettings settings, CancellationToken ct = default)
    {
        if (Validate(settings) is { } error) return error;
        return await writer.WriteAsync(async (db, token) =>
        {
            var queue = await db.Queues.FindAsync([queueId], token);
            if (queue is null) return "That queue no longer exists.";
            if (await db.Queues.AnyAsync(q => q.Name == settings.Name.Trim() && q.Id != queueId, token)) return $"A queue named {settings.Name.Trim()} already exists.";
            if (settings.AutoLabelId is { } labelId && !await db.Labels.AnyAsync(l => l.Id == labelId, token)) return "That label no longer exists.";
            Apply(queue, settings);
            await db.SaveChangesAsync(token);
            return (string?)null;
        }, ct);
    }

    /// <summary>Replaces the member list; the order given is the queue order.</summary>
    public async Task SetMembersAsync(int queueId, IReadOnlyList<string> orderedUserIds, CancellationToken ct = default)
    {
        await writer.WriteAsync(async (db, token) =>
        {
            await db.QueueMembers.Where(m => m.QueueId == queueId).ExecuteDeleteAsync(token);
            db.QueueMembers.AddRange(orderedUserIds.Distinct().Select((userId, position) => new QueueMember { QueueId = queueId, UserId = userId, Position = position }));
            await db.SaveChangesAsync(token);
        }, ct);
    }

    /// <summary>The channels whose new conversations go to the queue, by name: deleting it must say where they go instead.</summary>
    public async Task<IReadOnlyList<string>> ChannelsRoutingToAsync(int queueId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChannelAccounts.Where(a => a.QueueId == queueId).OrderBy(a => a.Name).Select(a => a.Name).ToListAsync(ct);
    }

    /// <summary>
    /// Deletes a queue. Channels that route to it must go somewhere: to <paramref name="channelsMoveTo"/>, which its
    /// conversations follow too, so they stay in a queue for filters. Without channels and without a target, its
    /// conversations simply have no queue any more. Either way they stay readable to whoever could read them: access
    /// follows owners and offers, not queues. Returns why not, or null when deleted.
    /// </summary>
    public async Task<string?> DeleteAsync(int queueId, int? channelsMoveTo, CancellationToken ct = default) =>
        await writer.WriteAsync(async (db, token) =>
        {
            if (!await db.Queues.AnyAsync(q => q.Id == queueId, token)) return "That queue no longer exists.";
            if (channelsMoveTo == queueId) return "Choose another queue for its channels.";
            if (channelsMoveTo is { } target)
            {
                if (!await db.Queues.AnyAsync(q => q.Id == target, token)) return "The queue chosen for its channels no longer exists.";
                await db.ChannelAccounts.Where(a => a.QueueId == queueId).ExecuteUpdateAsync(s => s.SetProperty(a => a.QueueId, target), token);
                await db.Conversations.Where(c => c.QueueId == queueId).ExecuteUpdateAsync(s => s.SetProperty(c => c.QueueId, target), token);
            }
            else if (await db.ChannelAccounts.AnyAsync(a => a.QueueId == queueId, token))
            {
                return "Channels route to this queue: choose the queue they go to instead.";
            }
            await db.Queues.Where(q => q.Id == queueId).ExecuteDeleteAsync(token);
            return (string?)null;
        }, ct);

    private static string? Validate(QueueSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Name) ? "A queue needs a name."
        : settings.TopN < 1 ? "Top N must be at least 1."
        : settings.MaxOpenChatsPerAgent is < 1 ? "Max open chats must be at least 1, or empty for no limit."
        : settings.OfferTimeoutSeconds is < 5 ? "The offer timeout must be at least 5 seconds, or empty for none."
        : settings.FirstReplyTargetMinutes is < 1 ? "The reply target must be at least 1 minute, or empty for none."
        : null;

    private static void Apply(Queue queue, QueueSettings settings)
    {
        queue.Name = settings.Name.Trim();
        queue.Strategy = settings.Strategy;
        queue.TopN = settings.TopN;
        queue.MaxOpenChatsPerAgent = settings.MaxOpenChatsPerAgent;
        queue.OfferTimeoutSeconds = settings.OfferTimeoutSeconds;
        queue.AutoLabelId = settings.AutoLabelId;
        queue.FirstReplyTargetMinutes = settings.FirstReplyTargetMinutes;
    }
}

/// <summary>The admin's answer to deleting a queue: where its channels (and conversations) go, if anywhere.</summary>
public sealed record QueueDeletion(int? ChannelsMoveTo);
