using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Files;

/// <summary>One app for the class; each test works in a conversation of its own, owned by <see cref="Owner"/>.</summary>
public sealed class FileDownloadTests(SignedInAppFactory app) : IClassFixture<SignedInAppFactory>, IAsyncLifetime
{
    private const string Owner = "owner-1";
    private const string Colleague = "colleague-1";

    private long conversationId;

    public async Task InitializeAsync()
    {
        app.CreateClient().Dispose(); // starts the app, which migrates the database
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
        if (!await db.Users.AnyAsync(u => u.Id == Owner))
            db.Users.AddRange(
                new ApplicationUser { Id = Owner, UserName = "owner@example.com", DisplayName = "Owner", Extension = "101" },
                new ApplicationUser { Id = Colleague, UserName = "colleague@example.com", DisplayName = "Colleague", Extension = "102" });
        var conversation = new Conversation { Channel = ChannelKind.LiveChat, OwnerId = Owner, Status = ConversationStatus.Open, CreatedAt = DateTime.UtcNow, LastActivityAt = DateTime.UtcNow };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        conversationId = conversation.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<StoreResult> StoreAsync(string fileName, byte[] content) =>
        app.Services.GetRequiredService<FileStore>().SaveAsync(conversationId, fileName, new MemoryStream(content), ChannelKind.LiveChat);

    [Fact]
    public async Task Serves_a_document_as_a_nosniff_attachment_to_whoever_may_see_the_conversation()
    {
        var pdf = FileSamples.Pdf();
        var stored = (await StoreAsync("contract 2026.pdf", pdf)).File!;

        foreach (var viewer in new[] { app.ClientFor(Owner), app.ClientFor("supervisor-1", Roles.Supervisor) })
        {
            var response = await viewer.GetAsync($"/files/{stored.Id}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("contract 2026.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task Shows_an_image_inline_with_nosniff()
    {
        var stored = (await StoreAsync("screen.png", FileSamples.Png())).File!;

        var response = await app.ClientFor(Owner).GetAsync($"/files/{stored.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Answers_not_found_to_a_signed_in_user_who_may_not_see_the_conversation()
    {
        var stored = (await StoreAsync("contract.pdf", FileSamples.Pdf())).File!;

        var hidden = await app.ClientFor(Colleague).GetAsync($"/files/{stored.Id}");
        var missing = await app.ClientFor(Colleague).GetAsync($"/files/{stored.Id + 1000}");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain("%PDF", await hidden.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Requires_sign_in()
    {
        var stored = (await StoreAsync("contract.pdf", FileSamples.Pdf())).File!;

        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/files/{stored.Id}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Stores_outside_the_web_root_under_a_random_name_with_the_content_hash()
    {
        var pdf = FileSamples.Pdf();
        var stored = (await StoreAsync("contract.pdf", pdf)).File!;

        var path = app.Services.GetRequiredService<FileStore>().PathOf(stored);
        Assert.StartsWith(Path.Combine(app.DataDirectory, "files"), path);
        Assert.DoesNotContain("contract", stored.StorageName);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), stored.Sha256);
        Assert.Equal(pdf.Length, stored.Size);
    }

    [Fact]
    public async Task A_refused_file_leaves_nothing_behind()
    {
        await StoreAsync("contract.pdf", FileSamples.Pdf());
        var filesOnDisk = Directory.GetFiles(Path.Combine(app.DataDirectory, "files")).Order().ToList();

        var result = await StoreAsync("invoice.pdf", [.. "MZ"u8, 0x90, 0]);

        Assert.Null(result.File);
        Assert.Equal("invoice.pdf is not a PDF", result.Refusal);
        Assert.Equal(filesOnDisk, Directory.GetFiles(Path.Combine(app.DataDirectory, "files")).Order());
    }

    [Fact]
    public async Task Deleting_the_conversation_deletes_its_files()
    {
        var stored = (await StoreAsync("contract.pdf", FileSamples.Pdf())).File!;
        var path = app.Services.GetRequiredService<FileStore>().PathOf(stored);

        var outcome = await app.Services.GetRequiredService<ConversationLifecycle>().DeleteAsync(conversationId, Viewer.Agent(Owner));

        Assert.Equal(Outcome.Done, outcome);
        Assert.False(File.Exists(path));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
        Assert.False(await db.StoredFiles.AnyAsync(f => f.ConversationId == conversationId));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("admin-1", Roles.Admin).GetAsync($"/files/{stored.Id}")).StatusCode);
    }
}
