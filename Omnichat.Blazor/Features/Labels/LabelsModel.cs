using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Labels;

/// <summary>How labels are stored: the labels, which conversations carry them, and the channels and queues that set one on every new conversation.</summary>
public static class LabelsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Label>(label =>
        {
            label.Property(l => l.Name).HasMaxLength(Label.MaxNameLength).UseCollation("NOCASE");
            label.HasIndex(l => l.Name).IsUnique();
            label.Property(l => l.Colour).HasMaxLength(16);
        });

        builder.Entity<ConversationLabel>(tag =>
        {
            tag.HasKey(t => new { t.ConversationId, t.LabelId });
            // The label filter looks up the conversations of one label.
            tag.HasIndex(t => t.LabelId);
            tag.HasOne<Conversation>().WithMany(c => c.Labels).HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
            tag.HasOne(t => t.Label).WithMany().HasForeignKey(t => t.LabelId).OnDelete(DeleteBehavior.Cascade);
        });

        // ChannelAccount.AutoLabelId and Queue.AutoLabelId have no foreign key: adding one would rebuild both tables in
        // SQLite, outside the migration's transaction. LabelAdmin.DeleteAsync clears them, and saving checks the label exists.
    }
}
