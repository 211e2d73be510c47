using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Notes;

/// <summary>
/// A colleague named with "@" in a private note. Stored when the note is written, never read back from its text, so
/// renaming someone or editing the words cannot move who was mentioned. The conversation is kept on the row so the
/// visibility rule asks one table.
/// </summary>
public class NoteMention
{
    public long NoteId { get; set; }
    public long ConversationId { get; set; }
    public string UserId { get; set; } = "";

    public static void Configure(EntityTypeBuilder<NoteMention> mention)
    {
        mention.HasKey(m => new { m.NoteId, m.UserId });
        mention.HasIndex(m => new { m.UserId, m.ConversationId });
        mention.HasIndex(m => m.ConversationId);
        mention.HasOne<Message>().WithMany().HasForeignKey(m => m.NoteId).OnDelete(DeleteBehavior.Cascade);
        mention.HasOne<Conversation>().WithMany(c => c.Mentions).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        mention.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
