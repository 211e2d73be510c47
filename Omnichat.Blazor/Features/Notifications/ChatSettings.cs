using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Features.Notifications;

/// <summary>Settings > Chat of one user.</summary>
public class UserChatSettings
{
    public static readonly IReadOnlyList<string> Sounds = ["chime", "ding", "pop", "bell"];

    public string UserId { get; set; } = "";
    public bool InAppNotifications { get; set; } = true;
    public bool WebNotifications { get; set; }
    public bool SoundEnabled { get; set; } = true;
    public string Sound { get; set; } = Sounds[0];
}

/// <summary>Reads and saves chat settings; every open console of the user hears about a change at once.</summary>
public sealed class ChatSettings(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, ILogger<ChatSettings> logger)
{
    private readonly Broadcast<UserChatSettings> saved = new(logger);

    /// <summary>Hears every saved change, of every user, after commit.</summary>
    public IDisposable Subscribe(Action<UserChatSettings> handler) => saved.Subscribe(handler);

    public async Task<UserChatSettings> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserChatSettings.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, ct) ?? new UserChatSettings { UserId = userId };
    }

    public async Task SaveAsync(UserChatSettings settings, CancellationToken ct = default)
    {
        if (!UserChatSettings.Sounds.Contains(settings.Sound)) throw new ArgumentException($"Unknown sound {settings.Sound}.", nameof(settings));
        await writer.WriteAsync(async (db, token) =>
        {
            if (await db.UserChatSettings.AnyAsync(s => s.UserId == settings.UserId, token)) db.UserChatSettings.Update(settings);
            else db.UserChatSettings.Add(settings);
            await db.SaveChangesAsync(token);
        }, ct);
        await saved.PublishAsync(settings);
    }
}
