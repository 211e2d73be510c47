using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Routing;

public sealed record QueueSettings(
    string Name,
    AssignmentStrategy Strategy,
    int TopN = 3,
    int? MaxOpenChatsPerAgent = null,
    int? OfferTimeoutSeconds = null,
    int? AutoLabelId = null);

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

    private static string? Validate(QueueSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Name) ? "A queue needs a name."
        : settings.TopN < 1 ? "Top N must be at least 1."
        : settings.MaxOpenChatsPerAgent is < 1 ? "Max open chats must be at least 1, or empty for no limit."
        : settings.OfferTimeoutSeconds is < 5 ? "The offer timeout must be at least 5 seconds, or empty for none."
        : null;

    private static void Apply(Queue queue, QueueSettings settings)
    {
        queue.Name = settings.Name.Trim();
        queue.Strategy = settings.Strategy;
        queue.TopN = settings.TopN;
        queue.MaxOpenChatsPerAgent = settings.MaxOpenChatsPerAgent;
        queue.OfferTimeoutSeconds = settings.OfferTimeoutSeconds;
        queue.AutoLabelId = settings.AutoLabelId;
    }
}
