using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// What an admin sets on a channel account. A null <see cref="Secret"/> or <see cref="AppSecret"/> on update keeps the
/// stored one; a null <see cref="Provider"/> means the kind's usual provider.
/// </summary>
public sealed record ChannelSettings(
    ChannelKind Kind,
    string Key,
    string Name,
    string Address,
    int QueueId,
    string? ProviderAccountId = null,
    string? Secret = null,
    bool IsSimulated = false,
    ChannelProvider? Provider = null,
    string? AppSecret = null,
    string? VerifyToken = null,
    bool UseHumanAgentTag = false,
    int? AutoLabelId = null,
    string? SurveyTemplateName = null);

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
        var provider = settings.Provider ?? ChannelProviders.DefaultFor(settings.Kind);
        if (!ChannelProviders.Carries(provider, settings.Kind)) return $"{provider} does not carry {settings.Kind} channels.";
        // Secrets of another provider are no use: switching provider asks for new ones.
        var needsSecret = account.ProtectedSecret is null || account.Provider != provider;
        if (provider == ChannelProvider.Twilio && CheckTwilio(settings, needsSecret) is { } twilioError) return twilioError;
        if (provider == ChannelProvider.Meta && CheckMeta(account, settings, needsSecret) is { } metaError) return metaError;

        var error = await writer.WriteAsync(async (db, token) =>
        {
            if (await db.ChannelAccounts.AnyAsync(a => a.Key == key && a.Id != account.Id, token)) return $"A channel with key {key} already exists.";
            if (!await db.Queues.AnyAsync(q => q.Id == settings.QueueId, token)) return "That queue does not exist.";
            if (settings.AutoLabelId is { } labelId && !await db.Labels.AnyAsync(l => l.Id == labelId, token)) return "That label no longer exists.";
            if (SurveyTemplateOf(settings) is { } survey && !await db.MessageTemplates.AnyAsync(t => t.Name == survey, token))
                return $"There is no template called {survey} to send as the satisfaction survey.";
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
        account.Provider = settings.Provider ?? ChannelProviders.DefaultFor(settings.Kind);
        account.ProviderAccountId = string.IsNullOrWhiteSpace(settings.ProviderAccountId) ? null : settings.ProviderAccountId.Trim();
        account.IsSimulated = settings.IsSimulated;
        if (!string.IsNullOrWhiteSpace(settings.Secret)) account.ProtectedSecret = secrets.Protect(settings.Secret.Trim());
        if (!string.IsNullOrWhiteSpace(settings.AppSecret)) account.ProtectedAppSecret = secrets.Protect(settings.AppSecret.Trim());
        account.VerifyToken = account.Provider == ChannelProvider.Meta ? settings.VerifyToken?.Trim() : null;
        account.UseHumanAgentTag = settings.Kind == ChannelKind.Facebook && settings.UseHumanAgentTag;
        account.AutoLabelId = settings.AutoLabelId;
        account.SurveyTemplateName = SurveyTemplateOf(settings);
    }

    /// <summary>Only SMS and WhatsApp send the survey as a message; the website widget asks in its own way.</summary>
    private static string? SurveyTemplateOf(ChannelSettings settings) =>
        settings.Kind is ChannelKind.Sms or ChannelKind.WhatsApp && !string.IsNullOrWhiteSpace(settings.SurveyTemplateName) ? settings.SurveyTemplateName.Trim() : null;

    private static string? CheckTwilio(ChannelSettings settings, bool needsSecret)
    {
        if (!IsPhoneNumber(settings.Address)) return "The number must be in international format, e.g. +31201234567.";
        if (!(settings.ProviderAccountId?.Trim() is { Length: 34 } sid && sid.StartsWith("AC")))
            return "The Twilio Account SID starts with AC and is 34 characters long.";
        return needsSecret && string.IsNullOrWhiteSpace(settings.Secret) ? "The Twilio auth token is required." : null;
    }

    private static string? CheckMeta(ChannelAccount account, ChannelSettings settings, bool needsSecret)
    {
        var isPage = settings.Kind == ChannelKind.Facebook;
        if (!IsGraphId(settings.Address))
            return isPage ? "The page id is a number, e.g. 104857392817465 (the page's About section shows it)."
                : "The phone-number id is the number Meta shows for the WhatsApp number in the app dashboard, not the phone number itself.";
        if (!isPage && settings.ProviderAccountId is { Length: > 0 } waba && !IsGraphId(waba)) return "The WhatsApp Business account id is a number.";
        if (needsSecret && string.IsNullOrWhiteSpace(settings.Secret)) return isPage ? "The page access token is required." : "The access token is required.";
        if ((account.ProtectedAppSecret is null || needsSecret) && string.IsNullOrWhiteSpace(settings.AppSecret))
            return "The app secret is required: it proves that webhooks come from Meta.";
        return settings.VerifyToken?.Trim() is { Length: >= 8 and <= ChannelAccount.MaxVerifyTokenLength }
            ? null
            : $"The verify token must be 8 to {ChannelAccount.MaxVerifyTokenLength} characters.";
    }

    /// <summary>A random verify token to paste into Meta's app dashboard.</summary>
    public static string NewVerifyToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Meta's page and phone-number ids are numbers.</summary>
    private static bool IsGraphId(string value) => value.Trim() is { Length: >= 1 and <= 32 } id && id.All(char.IsAsciiDigit);

    private static bool IsPhoneNumber(string value) =>
        value.Trim() is { Length: >= 8 and <= 16 } number && number[0] == '+' && number[1..].All(char.IsAsciiDigit);
}
