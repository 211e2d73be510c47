using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Features.Files;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Channels;

public sealed class TwilioMediaTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private FakeTwilioApi twilio = null!;
    private OmnichatAppFactory factory = null!;

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilioApi.StartAsync();
        twilio.MediaAuthToken = Token;
        factory = new OmnichatAppFactory { RunBackgroundWorkers = false, Settings = { ["Omnichat:Twilio:ApiBaseUrl"] = twilio.BaseUrl } };
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task Mms_media_is_downloaded_with_the_accounts_credentials_and_disguised_or_foreign_files_show_as_refused()
    {
        var world = new TestWorld(factory.Services);
        var account = await world.TwilioAccountAsync(await world.QueueAsync(AssignmentStrategy.All, [await world.UserAsync()]), authToken: Token, simulated: false);
        twilio.Media["ME1"] = FileSamples.Png();
        twilio.Media["ME2"] = [.. "MZ"u8, .. new byte[200]];
        var fields = TwilioTestKit.IncomingSms("+31644444444", "");
        fields["AccountSid"] = account.ProviderAccountId!;
        fields["NumMedia"] = "4";
        (fields["MediaUrl0"], fields["MediaContentType0"]) = (twilio.MediaUrl(account.ProviderAccountId!, "ME1"), "image/png");
        (fields["MediaUrl1"], fields["MediaContentType1"]) = (twilio.MediaUrl(account.ProviderAccountId!, "ME2"), "image/jpeg");
        (fields["MediaUrl2"], fields["MediaContentType2"]) = (twilio.MediaUrl(account.ProviderAccountId!, "ME3"), "video/mp4");
        // The account's credentials never go to a host that is not Twilio.
        (fields["MediaUrl3"], fields["MediaContentType3"]) = ("http://attacker.example/steal", "image/png");

        using var client = factory.CreateClient();
        var response = await client.SendAsync(TwilioTestKit.Signed($"http://localhost/webhooks/twilio/{account.Key}", fields, Token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.ProcessInboundAsync();

        await using var db = await world.CreateDbAsync();
        var message = await db.Messages.SingleAsync(m => m.ProviderMessageId == fields["MessageSid"]);
        var attachments = (await factory.Services.GetRequiredService<Attachments>().OfMessagesAsync([message.Id]))[message.Id].ToList();
        var picture = Assert.Single(attachments, a => a.FileId is not null);
        Assert.Equal(("media-1.png", true), (picture.Name, picture.IsImage));
        // A customer's picture is kept re-encoded without its metadata: the same 1×1 picture, in bytes of its own.
        var stored = await db.StoredFiles.SingleAsync(f => f.Id == picture.FileId);
        using var decoded = SkiaSharp.SKBitmap.Decode(factory.Services.GetRequiredService<FileStore>().PathOf(stored));
        Assert.Equal((1, 1, stored.Size), (decoded.Width, decoded.Height, new FileInfo(factory.Services.GetRequiredService<FileStore>().PathOf(stored)).Length));
        Assert.Equal("media-2.jpg is not a JPEG image", attachments.Single(a => a.Name == "media-2.jpg").Refusal);
        Assert.Equal("media-3.mp4 is not an allowed type", attachments.Single(a => a.Name == "media-3.mp4").Refusal);
        Assert.Equal("media-4.png has no valid download address", attachments.Single(a => a.Name == "media-4.png").Refusal);
        Assert.Equal("📎", (await world.LoadAsync(message.ConversationId)).LastMessagePreview);
    }
}
