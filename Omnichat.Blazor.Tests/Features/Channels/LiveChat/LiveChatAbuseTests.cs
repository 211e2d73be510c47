using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Tests.E2E;
using Omnichat.Blazor.Tests.Features.Files;
using SkiaSharp;

namespace Omnichat.Blazor.Tests.Features.Channels.LiveChat;

/// <summary>Small allowances, so each limit is reached in a few requests. Every test writes from addresses of its own.</summary>
public sealed class LiveChatAbuseFixture : IAsyncLifetime
{
    public LiveApp App { get; } = new(new()
    {
        ["Omnichat:ReverseProxy:TrustedProxies:0"] = "127.0.0.1",
        ["Omnichat:LiveChat:NewSessionsPerIpPerHour"] = "3",
        ["Omnichat:LiveChat:VisitorMegabytesPerDay"] = "1",
        ["Omnichat:LiveChat:SiteMegabytesPerDay"] = "2",
    });

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();
}

public class LiveChatAbuseTests(LiveChatAbuseFixture fixture) : LiveChatTestBase(fixture.App), IClassFixture<LiveChatAbuseFixture>
{
    private static int lastAddress;

    private static string NewAddress() => $"198.51.100.{Interlocked.Increment(ref lastAddress)}";

    private static async Task<(HttpStatusCode Status, string? Error, string? Message)> RefusalAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body.TryGetProperty("error", out var error) ? error.GetString() : null,
            body.TryGetProperty("message", out var message) ? message.GetString() : null);
    }

    [Fact]
    public async Task An_address_starts_a_few_sessions_an_hour_and_then_hears_why_not_while_other_addresses_carry_on()
    {
        var (site, _) = await SiteAsync();
        var address = NewAddress();
        for (var i = 0; i < 3; i++) using (await VisitorAsync(site, forwardedFor: address)) { }

        using var fourth = Client(forwardedFor: address);
        var refused = await fourth.PostAsJsonAsync($"/livechat/{site.Key}/sessions", new { name = "Bot" });

        Assert.Equal((HttpStatusCode.TooManyRequests, "sessions", "Too many new chats were started from your network in the last hour. Please try again later."),
            await RefusalAsync(refused));
        using var neighbour = await VisitorAsync(site, forwardedFor: NewAddress());
        Assert.Equal(HttpStatusCode.OK, (await neighbour.SendAsync("Hello")).StatusCode);
        await using var db = await World.CreateDbAsync();
        Assert.Equal(3, await db.LiveChatVisitors.CountAsync(v => v.LastIp == address));
    }

    [Fact]
    public async Task Files_over_the_daily_allowance_of_a_visitor_or_of_the_whole_site_are_refused_with_the_reason_and_not_kept()
    {
        var (site, _) = await SiteAsync();
        var notes = Encoding.UTF8.GetBytes(new string('a', 450_000));
        using var vera = await VisitorAsync(site, forwardedFor: NewAddress());
        Assert.Equal(HttpStatusCode.OK, (await vera.UploadAsync("notes1.txt", notes)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await vera.UploadAsync("notes2.txt", notes)).StatusCode);

        // 1.35 MB would pass her 1 MB a day.
        Assert.Equal((HttpStatusCode.BadRequest, "file", "You can send up to 1 MB of files a day. Please try again tomorrow, or describe it in a message."),
            await RefusalAsync(await vera.UploadAsync("notes3.txt", notes)));

        using var tom = await VisitorAsync(site, forwardedFor: NewAddress(), name: "Tom");
        Assert.Equal(HttpStatusCode.OK, (await tom.UploadAsync("tom1.txt", notes)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tom.UploadAsync("tom2.txt", notes)).StatusCode);
        // 1.8 MB stored on the site today; one more would pass its 2 MB, whoever sends it.
        using var ann = await VisitorAsync(site, forwardedFor: NewAddress(), name: "Ann");
        Assert.Equal((HttpStatusCode.BadRequest, "file", "This chat cannot take more files today. Please describe it in a message instead."),
            await RefusalAsync(await ann.UploadAsync("ann.txt", notes)));

        await using var db = await World.CreateDbAsync();
        var kept = await db.StoredFiles.Where(f => db.Conversations.Any(c => c.Id == f.ConversationId && c.ChannelAccountId == site.Id))
            .Select(f => f.OriginalName).OrderBy(n => n).ToListAsync();
        Assert.Equal(["notes1.txt", "notes2.txt", "tom1.txt", "tom2.txt"], kept);
        // A refused file leaves no empty message behind either.
        Assert.False(await db.Messages.AnyAsync(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.ChannelAccountId == site.Id) && m.Body == ""
            && !db.StoredFiles.Any(f => f.MessageId == m.Id)));
    }

    [Fact]
    public async Task A_png_header_followed_by_junk_and_a_decompression_bomb_are_refused_before_anything_is_kept()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site, forwardedFor: NewAddress());
        byte[] junk = [.. FileSamples.Png()[..33], .. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31))];

        Assert.Equal((HttpStatusCode.BadRequest, "file", "photo.png is not a PNG image"), await RefusalAsync(await visitor.UploadAsync("photo.png", junk)));
        Assert.Equal((HttpStatusCode.BadRequest, "file", "bomb.png has more than 50 megapixels; send a smaller picture"),
            await RefusalAsync(await visitor.UploadAsync("bomb.png", FileSamples.PngClaiming(100_000, 100_000))));

        await using var db = await World.CreateDbAsync();
        Assert.False(await db.StoredFiles.AnyAsync(f => db.Conversations.Any(c => c.Id == f.ConversationId && c.ChannelAccountId == site.Id)));
    }

    [Fact]
    public async Task A_customers_photo_is_kept_upright_without_its_exif_location()
    {
        var (site, _) = await SiteAsync();
        using var visitor = await VisitorAsync(site, forwardedFor: NewAddress());
        // 40 × 20, red on the left; EXIF says to show it turned a quarter clockwise, and where it was taken.
        var photo = FileSamples.WithExif(FileSamples.Picture(40, 20, SKEncodedImageFormat.Jpeg), "GPS 52.3702 N 4.8952 E");
        Assert.NotNull(SKBitmap.Decode(photo));

        Assert.Equal(HttpStatusCode.OK, (await visitor.UploadAsync("holiday.jpg", photo)).StatusCode);

        await using var db = await World.CreateDbAsync();
        var stored = await db.StoredFiles.SingleAsync(f => db.Conversations.Any(c => c.Id == f.ConversationId && c.ChannelAccountId == site.Id));
        var kept = await File.ReadAllBytesAsync(App.Factory.Services.GetRequiredService<FileStore>().PathOf(stored));
        Assert.Equal(-1, kept.AsSpan().IndexOf("GPS 52.3702"u8));
        Assert.Equal(-1, kept.AsSpan().IndexOf("Exif\0\0"u8));
        Assert.Equal((kept.LongLength, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(kept))), (stored.Size, stored.Sha256));
        using var picture = SKBitmap.Decode(kept);
        // Turned as the EXIF said: now 20 × 40 with the red half on top.
        Assert.Equal((20, 40), (picture.Width, picture.Height));
        Assert.True(picture.GetPixel(10, 5).Red > 200 && picture.GetPixel(10, 35).Blue > 200);
    }

    [Fact]
    public async Task A_token_idle_too_long_or_revoked_by_a_block_opens_nothing_and_a_stream_ticket_works_once()
    {
        var (site, agent) = await SiteAsync();
        using var idle = await VisitorAsync(site, forwardedFor: NewAddress());
        Assert.Equal(HttpStatusCode.OK, (await idle.SendAsync("Hello")).StatusCode);

        // Eight days without a word: past the default seven.
        await using (var db = await World.CreateDbAsync())
        {
            var eightDaysAgo = DateTime.UtcNow.AddDays(-8);
            await db.LiveChatVisitors.Where(v => v.ChannelAccountId == site.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.LastSeenAt, eightDaysAgo));
        }
        Assert.Equal((HttpStatusCode.Unauthorized, "session", "Your chat session is not valid; start a new one."), await RefusalAsync(await idle.SendAsync("Still there?")));

        using var visitor = await VisitorAsync(site, forwardedFor: NewAddress());
        var ticket = (await (await visitor.StreamTicketAsync()).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;
        using (var stream = await visitor.OpenStreamAsync(ticket)) Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using (var replay = await visitor.OpenStreamAsync(ticket)) Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        using (var token = await visitor.OpenStreamAsync(visitor.Token)) Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await visitor.SendAsync("Buy cheap watches")).StatusCode);
        var conversation = await ConversationOfAsync(site);
        Assert.Equal(Outcome.Done, await App.Factory.Services.GetRequiredService<BlockList>().BlockVisitorAsync(conversation.Id, agent));
        await using (var db = await World.CreateDbAsync())
        {
            var visitorKey = await db.ContactIdentities.Where(i => i.ContactId == conversation.ContactId).Select(i => i.Value).SingleAsync();
            Assert.NotNull((await db.LiveChatVisitors.SingleAsync(v => v.VisitorKey == visitorKey)).RevokedAt);
        }
    }
}
