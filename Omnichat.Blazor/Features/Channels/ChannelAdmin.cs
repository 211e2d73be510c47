using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

public sealed record ChannelSettings(ChannelKind Kind, string Key, string Name, string Address, int QueueId);

public sealed class ChannelAdmin(IDbContextFactory<OmnichatDbContext> dbFactory)
{
    public async Task<(ChannelAccount? Account, string? Error)> CreateAsync(ChannelSettings settings, CancellationToken ct = default)
    {
        var key = settings.Key.Trim();
        if (key.Length is 0 or > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return (null, "The key must be 1 to 64 letters, digits, '-' or '_'.");
        if (settings.Kind == ChannelKind.Internal) return (null, "Internal chat needs no channel account.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ChannelAccounts.AnyAsync(a => a.Key == key, ct)) return (null, $"A channel with key {key} already exists.");
        if (!await db.Queues.AnyAsync(q => q.Id == settings.QueueId, ct)) return (null, "That queue does not exist.");
        var account = new ChannelAccount
        {
            Kind = settings.Kind,
            Key = key,
            Name = string.IsNullOrWhiteSpace(settings.Name) ? key : settings.Name.Trim(),
            Address = settings.Address.Trim(),
            QueueId = settings.QueueId,
        };
        db.ChannelAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return (account, null);
    }
}
