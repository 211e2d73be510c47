using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

public static class LiveChatFeature
{
    public static IHostApplicationBuilder AddLiveChat(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<LiveChatOptions>(builder.Configuration.GetSection(LiveChatOptions.Section));
        builder.Services.AddSingleton<VisitorTokens>();
        builder.Services.AddSingleton<LiveChatVisitors>();
        builder.Services.AddSingleton<BlockList>();
        builder.Services.AddSingleton<LiveChatStreams>();
        builder.Services.AddSingleton<StreamTickets>();
        builder.Services.AddSingleton<LiveChatSites>();
        builder.Services.AddSingleton<RefusedOrigins>();
        builder.Services.AddSingleton<IChannelSender, LiveChatSender>();
        builder.Services.AddLiveChatProtection();
        return builder;
    }
}

/// <summary>Website settings of live-chat channels, edited on the channels admin page.</summary>
public sealed class LiveChatSites(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer)
{
    public async Task<LiveChatSite> GetAsync(int channelAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LiveChatSites.AsNoTracking().SingleOrDefaultAsync(s => s.ChannelAccountId == channelAccountId, ct)
            ?? new LiveChatSite { ChannelAccountId = channelAccountId };
    }

    public async Task<string?> SaveAsync(LiveChatSite site, CancellationToken ct = default)
    {
        var invalid = site.Origins.FirstOrDefault(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/");
        if (invalid is not null) return $"{invalid} is not an origin; write it as https://www.example.com.";
        if (!System.Text.RegularExpressions.Regex.IsMatch(site.AccentColour, "^#[0-9a-fA-F]{6}$")) return "The colour must look like #3949ab.";
        await writer.WriteAsync(async (db, token) =>
        {
            if (await db.LiveChatSites.AnyAsync(s => s.ChannelAccountId == site.ChannelAccountId, token))
            {
                // The last refused origin is noted by the widget's requests, not edited here.
                var entry = db.LiveChatSites.Update(site);
                entry.Property(s => s.LastRefusedOrigin).IsModified = false;
                entry.Property(s => s.LastRefusedAt).IsModified = false;
            }
            else db.LiveChatSites.Add(site);
            await db.SaveChangesAsync(token);
        }, ct);
        return null;
    }
}

/// <summary>
/// Live chat replies need no provider: the visitor's widget reads them from the thread as soon as the event stream
/// says something changed. Accepting them here moves them from pending to sent.
/// </summary>
public sealed class LiveChatSender : IChannelSender
{
    public bool Handles(ChannelAccount account) => account.Kind == ChannelKind.LiveChat;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct) =>
        Task.FromResult<SendResult>(new SendResult.Accepted($"lc-out:{Guid.NewGuid():N}"));

    /// <summary>Accepting only marks the reply, which the visitor reads from the thread: doing it again doubles nothing.</summary>
    public Task<IReadOnlyList<string>?> FindSentAsync(OutboundMessage message, DateTime since, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>?>([]);
}
