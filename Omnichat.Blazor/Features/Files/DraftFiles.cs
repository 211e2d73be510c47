using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Files;

/// <summary>Files an agent adds to the composer: stored and checked on upload, attached to the reply when it is sent.</summary>
public sealed class DraftFiles(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, FileValidator validator, FileStore files)
{
    /// <summary>Stores the upload for a reply in this conversation, or says why not. Only for whoever may act on it.</summary>
    public async Task<StoreResult> UploadAsync(long conversationId, Viewer viewer, IBrowserFile upload, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.Conversations.Where(c => c.Id == conversationId).Where(ConversationAccess.CanAct(viewer))
            .Select(c => (Channels.ChannelKind?)c.Channel).SingleOrDefaultAsync(ct);
        if (channel is not { } destination) return new StoreResult(null, "You can no longer add files to this conversation.");

        var named = validator.CheckName(upload.Name);
        if (named.Type is not { } type) return new StoreResult(null, named.Refusal);
        var max = validator.MaxBytes(type, destination);
        // OpenReadStream throws past its limit, so an oversized file is refused here with the real reason.
        if (upload.Size > max) return new StoreResult(null, validator.TooLarge(upload.Name, type, destination, upload.Size));
        await using var content = upload.OpenReadStream(max, ct);
        return await files.SaveAsync(conversationId, upload.Name, content, destination, messageId: null, ct: ct);
    }

    /// <summary>Removes a file the agent took back out of the composer before sending.</summary>
    public async Task DiscardAsync(long fileId, Viewer viewer, CancellationToken ct = default)
    {
        var storageName = await writer.WriteAsync(async (db, token) =>
        {
            var actionable = db.Conversations.Where(ConversationAccess.CanAct(viewer)).Select(c => c.Id);
            var draft = await db.StoredFiles.SingleOrDefaultAsync(f => f.Id == fileId && f.MessageId == null && actionable.Contains(f.ConversationId), token);
            if (draft is null) return null;
            db.StoredFiles.Remove(draft);
            await db.SaveChangesAsync(token);
            return draft.StorageName;
        }, ct);
        if (storageName is not null) files.DeleteFromDisk([storageName]);
    }
}
