using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>What an admin sets on a channel account. A null <see cref="Secret"/> on update keeps the stored one.</summary>
public sealed record ChannelSettings(
    ChannelKind Kind,
    string Key,
    string Name,
    string Address,
    int QueueId,
    string? ProviderAccountId = null,
    string? Secret = null,
    bool IsSimulated = false);

public sealed class ChannelAdmin(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ChannelSecrets secrets, ChannelDirectory directory)
{
    public async Task<List<ChannelAccount>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChannelAccounts.Include(a => a.Queue).OrderBy(a => a.Kind).ThenBy(a => a.Name).AsNoTracking().ToListAsync(ct);
    }

    public async Task<(ChannelAccount? Account, string? Error)> CreateAsync(ChannelSettings settings, CancellationToken ct = default)
    {
        var account = new ChannelAccount();
        var error = await SaveAsync(account, settings, ct);
        return error is null ? (account, null) : (null, error);
    }

    public async Task<string?> UpdateAsync(int accountId, ChannelSettings settings, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.ChannelAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, ct);
        return account is null ? "That channel no longer exists." : await SaveAsync(account, settings, ct);
    }

    private async Task<string?> SaveAsync(ChannelAccount account, ChannelSettings settings, CancellationToken ct)
    {
        var key = settings.Key.Trim();
        if (key.Length is 0 or > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return "The key must be 1 to 64 letters, digits, '-' or '_'.";
        if (settings.Kind == ChannelKind.Internal) return "Internal chat needs no channel account.";
        var usesTwilio = settings.Kind is ChannelKind.Sms or ChannelKind.WhatsApp;
        if (usesTwilio && !IsPhoneNumber(settings.Address)) return "The number must be in international format, e.g. +31201234567.";
        if (usesTwilio && !(settings.ProviderAccountId?.Trim() is { Length: 34 } sid && sid.StartsWith("AC")))
            return "The Twilio Account SID starts with AC and is 34 characters long.";
        if (usesTwilio && account.ProtectedSecret is null && string.IsNullOrWhiteSpace(settings.Secret)) return "The Twilio auth token is required.";

        var error = await writer.WriteAsync(async (db, token) =>
        {
            if (await db.ChannelAccounts.AnyAsync(a => a.Key == key && a.Id != account.Id, token)) return $"A channel with key {key} already exists.";
            if (!await db.Queues.AnyAsync(q => q.Id == settings.QueueId, token)) return "That queue does not exist.";
            Apply(account, settings, key);
            if (account.Id == 0) db.ChannelAccounts.Add(account);
            else db.ChannelAccounts.Update(account);
            await db.SaveChangesAsync(token);
            return (string?)null;
        }, ct);
        directory.Invalidate();
        return error;
    }

    private void Apply(ChannelAccount account, ChannelSettings settings, string key)
    {
        account.Kind = settings.Kind;
        account.Key = key;
        account.Name = string.IsNullOrWhiteSpace(settings.Name) ? key : settings.Name.Trim();
        account.Address = settings.Address.Trim();
        account.QueueId = settings.QueueId;
        account.ProviderAccountId = settings.ProviderAccountId?.Trim();
        account.IsSimulated = settings.IsSimulated;
        if (!string.IsNullOrWhiteSpace(settings.Secret)) account.ProtectedSecret = secrets.Protect(settings.Secret.Trim());
    }

    private static bool IsPhoneNumber(string value) =>
        value.Trim() is { Length: >= 8 and <= 16 } number && number[0] == '+' && number[1..].All(char.IsAsciiDigit);
}
