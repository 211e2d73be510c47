using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

public sealed record WidgetConfig(string Name, string Greeting, string AccentColour, bool AskName, bool AskEmail);

public sealed record VisitorMessage(long Id, bool FromVisitor, string Text, DateTime At, IReadOnlyList<string> Files);

/// <summary>What the widget shows: the visitor's latest conversation, and whether it is still open.</summary>
public sealed record VisitorThread(string State, IReadOnlyList<VisitorMessage> Messages);

public sealed record Site(ChannelAccount Account, LiveChatSite Settings);

/// <summary>The visitor's side of the live chat: sessions, messages, files and the thread. Messages go through the conversation intake.</summary>
public sealed class LiveChatVisitors(
    IDbContextFactory<OmnichatDbContext> dbFactory,
    IDbWriter writer,
    ConversationIntake intake,
    ConversationBus bus,
    FileValidator validator,
    FileStore files,
    Attachments attachments,
    IStringLocalizer<Strings> L,
    VisitorTokens tokens,
    IOptions<LiveChatOptions> options,
    TimeProvider clock)
{
    public async Task<Site?> FindSiteAsync(string siteKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.ChannelAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Key == siteKey && a.Kind == ChannelKind.LiveChat, ct);
        if (account is null) return null;
        var settings = await db.LiveChatSites.AsNoTracking().SingleOrDefaultAsync(s => s.ChannelAccountId == account.Id, ct) ?? new LiveChatSite();
        return new Site(account, settings);
    }

    public static WidgetConfig ConfigOf(Site site) =>
        new(site.Account.Name, site.Settings.Greeting, site.Settings.AccentColour, site.Settings.AskName, site.Settings.AskEmail);

    /// <summary>
    /// Starts a visitor session and returns its token; null when the address started its hourly allowance of
    /// sessions already (each costs a row, so a script must not be able to make them in a loop).
    /// </summary>
    public async Task<string?> StartAsync(Site site, string? name, string? email, string ip, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var visitor = new LiveChatVisitor
        {
            ChannelAccountId = site.Account.Id,
            VisitorKey = VisitorTokens.NewVisitorKey(),
            Name = Clean(name, 100),
            Email = Clean(email, 320) is { } e && e.Contains('@') ? e : null,
            LastIp = ip,
            CreatedAt = now,
            LastSeenAt = now,
        };
        var since = now.AddHours(-1);
        var started = await writer.WriteAsync(async (db, token) =>
        {
            // Counted inside the write, so simultaneous starts cannot all slip under the cap.
            if (await db.LiveChatVisitors.CountAsync(v => v.LastIp == ip && v.CreatedAt >= since, token) >= options.Value.NewSessionsPerIpPerHour) return false;
            db.LiveChatVisitors.Add(visitor);
            await db.SaveChangesAsync(token);
            return true;
        }, ct);
        return started ? tokens.Issue(site.Account.Key, visitor.VisitorKey) : null;
    }

    /// <summary>The visitor whose token this is, unless it was revoked or has been idle too long. Using it keeps it alive.</summary>
    public async Task<LiveChatVisitor?> FindVisitorAsync(Site site, string? token, CancellationToken ct = default) =>
        tokens.Read(site.Account.Key, token) is { } visitorKey ? await FindByKeyAsync(site, visitorKey, ct) : null;

    /// <summary>The visitor by key, on the same terms as their token: not revoked and not idle too long.</summary>
    public async Task<LiveChatVisitor?> FindByKeyAsync(Site site, string visitorKey, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var idleSince = now - options.Value.VisitorIdleTimeout;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visitor = await db.LiveChatVisitors.AsNoTracking()
            .SingleOrDefaultAsync(v => v.VisitorKey == visitorKey && v.ChannelAccountId == site.Account.Id && v.RevokedAt == null && v.LastSeenAt >= idleSince, ct);
        // Noted at most once a minute, so a chatting visitor costs no write per request.
        if (visitor is not null && now - visitor.LastSeenAt > TimeSpan.FromMinutes(1))
            await writer.WriteAsync((db, token) => db.LiveChatVisitors.Where(v => v.Id == visitor.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.LastSeenAt, now), token), ct);
        return visitor;
    }

    /// <summary>Whether the visitor's token still opens the chat: not revoked (session ended, visitor blocked) nor erased.</summary>
    public async Task<bool> IsValidAsync(long visitorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LiveChatVisitors.AnyAsync(v => v.Id == visitorId && v.RevokedAt == null, ct);
    }

    /// <summary>
    /// Inside a write: revokes the tokens of the visitor(s) of a live-chat conversation, when an agent ends the
    /// session or blocks them. Their widget then starts a new session for the next message.
    /// </summary>
    public static Task<int> RevokeAsync(OmnichatDbContext db, long conversationId, DateTime now, CancellationToken ct)
    {
        var conversation = db.Conversations.Where(c => c.Id == conversationId && c.Channel == ChannelKind.LiveChat);
        return db.LiveChatVisitors
            .Where(v => v.RevokedAt == null && conversation.Any(c => c.ChannelAccountId == v.ChannelAccountId
                && db.ContactIdentities.Any(i => i.ContactId == c.ContactId && i.Kind == IdentityKind.LiveChatVisitor && i.Value == v.VisitorKey)))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.RevokedAt, now), ct);
    }

    /// <summary>Stores the visitor's message. A resend with the same client id (after a lost answer) stores nothing new.</summary>
    public async Task<string?> SendAsync(Site site, LiveChatVisitor visitor, string? text, string? clientId, string ip, CancellationToken ct = default)
    {
        var body = text?.Trim() ?? "";
        if (body.Length == 0) return L["LiveChat.EmptyMessage"];
        if (body.Length > options.Value.MaxMessageLength) return L["LiveChat.TooLong", options.Value.MaxMessageLength];
        var providerId = clientId is { Length: > 0 and <= 64 } ? $"lc:{visitor.VisitorKey}:{clientId}" : null;
        await ReceiveAsync(site, visitor, body, providerId, ip, hasAttachments: false, ct);
        return null;
    }

    /// <summary>
    /// Stores a file the visitor sent, checked by the file validator before any message exists. Returns the refusal,
    /// or null when the file is now a message in the visitor's conversation.
    /// </summary>
    public async Task<string?> SendFileAsync(Site site, LiveChatVisitor visitor, IFormFile file, string ip, CancellationToken ct = default)
    {
        var named = validator.CheckName(file.FileName);
        if (named.Type is not { } type) return named.Refusal;
        if (file.Length > validator.MaxBytes(type, ChannelKind.LiveChat)) return validator.TooLarge(file.FileName, type, ChannelKind.LiveChat, file.Length);
        if (await OverQuotaAsync(site, visitor, file.Length, ct) is { } quota) return quota;
        // Checked here as well as by the store: a refused file must not leave an empty message in the conversation.
        await using (var upload = file.OpenReadStream())
        {
            var verdict = await validator.ValidateAsync(file.FileName, upload, ChannelKind.LiveChat, ct);
            if (!verdict.IsAccepted) return verdict.Refusal;
        }

        var received = await ReceiveAsync(site, visitor, "", providerId: null, ip, hasAttachments: true, ct);
        await using (var content = file.OpenReadStream())
        {
            var stored = await files.SaveAsync(received.ConversationId, file.FileName, content, ChannelKind.LiveChat, received.MessageId, fromCustomer: true, ct);
            if (stored.Refusal is { } reason)
            {
                await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, file.FileName, reason, ct);
                return reason;
            }
        }
        await bus.PublishAsync(new ConversationChanged(received.ConversationId, ConversationChange.AttachmentsAdded));
        return null;
    }

    /// <summary>
    /// The refusal when <paramref name="bytes"/> more would take the visitor, or the site as a whole, past their
    /// allowance of stored files for the last 24 hours; null when it fits.
    /// </summary>
    private async Task<string?> OverQuotaAsync(Site site, LiveChatVisitor visitor, long bytes, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var siteFiles = db.StoredFiles.Where(f => f.CreatedAt >= since
            && db.Conversations.Any(c => c.Id == f.ConversationId && c.ChannelAccountId == site.Account.Id));
        var visitorBytes = await siteFiles.Where(f => db.Conversations.Any(c => c.Id == f.ConversationId
                && c.Contact!.Identities.Any(i => i.Kind == IdentityKind.LiveChatVisitor && i.Value == visitor.VisitorKey)))
            .SumAsync(f => f.Size, ct);
        var visitorAllowance = options.Value.VisitorMegabytesPerDay * FileSizes.Megabyte;
        if (visitorBytes + bytes > visitorAllowance) return L["LiveChat.VisitorQuota", FileSizes.Format(visitorAllowance)];
        var siteBytes = await siteFiles.SumAsync(f => f.Size, ct);
        if (siteBytes + bytes > options.Value.SiteMegabytesPerDay * FileSizes.Megabyte) return L["LiveChat.SiteQuota"];
        return null;
    }

    /// <summary>Hands the visitor's message to the intake in one write, noting where they wrote from and their pre-chat e-mail.</summary>
    private async Task<InboundResult> ReceiveAsync(Site site, LiveChatVisitor visitor, string body, string? providerId, string ip, bool hasAttachments, CancellationToken ct)
    {
        var inbound = new InboundMessage(site.Account.Id, IdentityKind.LiveChatVisitor, visitor.VisitorKey,
            visitor.Name ?? "Website visitor", body, providerId, hasAttachments);
        var received = await writer.WriteAsync(async (db, token) =>
        {
            await db.LiveChatVisitors.Where(v => v.Id == visitor.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.LastIp, ip), token);
            var result = (await intake.AddAsync(db, [inbound], token))[0];
            if (visitor.Email is not null)
                await db.Conversations.Where(c => c.Id == result.ConversationId).Select(c => c.Contact!)
                    .Where(c => c.Email == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Email, visitor.Email), token);
            return result;
        }, ct);
        await intake.PublishAsync([received]);
        return received;
    }

    /// <summary>The visitor's latest conversation: open, ended by the agent, or none yet.</summary>
    public async Task<VisitorThread> ThreadAsync(LiveChatVisitor visitor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversation = await ConversationsOf(db, visitor).OrderByDescending(c => c.Id).Select(c => new { c.Id, c.Status }).FirstOrDefaultAsync(ct);
        if (conversation is null) return new VisitorThread("new", []);
        // Colleagues' private notes are never the visitor's to read.
        var messages = await db.Messages.Where(m => m.ConversationId == conversation.Id && m.Direction != MessageDirection.Note).OrderBy(m => m.Id)
            .Select(m => new VisitorMessage(m.Id, m.Direction == MessageDirection.Inbound, m.Body, m.SentAt,
                db.StoredFiles.Where(f => f.MessageId == m.Id).OrderBy(f => f.Id).Select(f => f.OriginalName).ToList()))
            .ToListAsync(ct);
        return new VisitorThread(conversation.Status == ConversationStatus.Open ? "open" : "ended", messages);
    }

    /// <summary>The contact the visitor became with their first message; null before it. Their chats are that contact's on this site.</summary>
    public async Task<int?> ContactIdAsync(LiveChatVisitor visitor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ContactIdentities.Where(i => i.Kind == IdentityKind.LiveChatVisitor && i.Value == visitor.VisitorKey)
            .Select(i => (int?)i.ContactId).FirstOrDefaultAsync(ct);
    }

    private static IQueryable<Conversation> ConversationsOf(OmnichatDbContext db, LiveChatVisitor visitor) => ConversationsOf(db, visitor.ChannelAccountId, visitor.VisitorKey);

    /// <summary>The visitor's conversations on the site, newest with the highest id.</summary>
    public static IQueryable<Conversation> ConversationsOf(OmnichatDbContext db, int channelAccountId, string visitorKey) =>
        db.Conversations.Where(c => c.ChannelAccountId == channelAccountId && c.Status != ConversationStatus.Deleted
            && c.Contact!.Identities.Any(i => i.Kind == IdentityKind.LiveChatVisitor && i.Value == visitorKey));

    private static string? Clean(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var trimmed && trimmed.Length > max ? trimmed[..max] : value.Trim();
}
