using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Notes;
using Omnichat.Blazor.Features.Reports;
using Omnichat.Blazor.Features.Reviews;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Data;

public class OmnichatDbContext(DbContextOptions<OmnichatDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<QueueMember> QueueMembers => Set<QueueMember>();
    public DbSet<ChannelAccount> ChannelAccounts => Set<ChannelAccount>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactIdentity> ContactIdentities => Set<ContactIdentity>();
    public DbSet<ContactAuditEntry> ContactAudit => Set<ContactAuditEntry>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationOffer> ConversationOffers => Set<ConversationOffer>();
    public DbSet<ConversationMember> ConversationMembers => Set<ConversationMember>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<ConversationEvent> ConversationEvents => Set<ConversationEvent>();
    public DbSet<InboundEvent> InboundEvents => Set<InboundEvent>();
    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();
    public DbSet<LiveChatSite> LiveChatSites => Set<LiveChatSite>();
    public DbSet<LiveChatVisitor> LiveChatVisitors => Set<LiveChatVisitor>();
    public DbSet<BlockedIp> BlockedIps => Set<BlockedIp>();
    public DbSet<UserChatSettings> UserChatSettings => Set<UserChatSettings>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<RefusedFile> RefusedFiles => Set<RefusedFile>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<ConversationReadMark> ConversationReadMarks => Set<ConversationReadMark>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<ConversationLabel> ConversationLabels => Set<ConversationLabel>();
    public DbSet<NoteMention> NoteMentions => Set<NoteMention>();
    public DbSet<SatisfactionRating> SatisfactionRatings => Set<SatisfactionRating>();
    public DbSet<SatisfactionSurvey> SatisfactionSurveys => Set<SatisfactionSurvey>();
    public DbSet<ConversationMetrics> ConversationMetrics => Set<ConversationMetrics>();
    public DbSet<ReviewNote> ReviewNotes => Set<ReviewNote>();

    /// <summary>
    /// Identity's options for a context made without the app's services (a tool, a test database). Identity builds its
    /// part of the model from the options of whichever context builds the model first, and EF keeps that model for every
    /// context of the type after it: without these, such a context would leave passkeys out of the model for all.
    /// </summary>
    private static readonly IServiceProvider IdentityOnly = new ServiceCollection()
        .Configure<IdentityOptions>(options => options.Stores.SchemaVersion = UsersFeature.IdentitySchema)
        .BuildServiceProvider();

    protected override void OnConfiguring(DbContextOptionsBuilder options)
    {
        if (options.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
            options.UseApplicationServiceProvider(IdentityOnly);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        SatisfactionModel.Configure(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.Extension).HasMaxLength(16);
            user.Property(u => u.UiLanguage).HasMaxLength(8);
            user.HasIndex(u => u.Extension).IsUnique();
        });

        builder.Entity<Queue>(queue =>
        {
            queue.Property(q => q.Name).HasMaxLength(100);
            queue.HasIndex(q => q.Name).IsUnique();
            queue.Property(q => q.Strategy).HasConversion<string>().HasMaxLength(16);
        });

        builder.Entity<QueueMember>(member =>
        {
            member.HasKey(m => new { m.QueueId, m.UserId });
            member.HasOne<Queue>().WithMany(q => q.Members).HasForeignKey(m => m.QueueId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ChannelAccount>(account =>
        {
            account.Property(a => a.Key).HasMaxLength(64);
            account.HasIndex(a => a.Key).IsUnique();
            account.Property(a => a.Name).HasMaxLength(100);
            account.Property(a => a.Address).HasMaxLength(200);
            account.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            account.HasOne(a => a.Queue).WithMany().HasForeignKey(a => a.QueueId).OnDelete(DeleteBehavior.Restrict);
            account.Property(a => a.ProviderAccountId).HasMaxLength(64);
            account.Property(a => a.Provider).HasConversion<string>().HasMaxLength(16);
            account.Property(a => a.VerifyToken).HasMaxLength(ChannelAccount.MaxVerifyTokenLength);
        });

        builder.Entity<InboundEvent>(evt =>
        {
            evt.Property(e => e.ProviderMessageId).HasMaxLength(100);
            evt.HasIndex(e => new { e.ChannelAccountId, e.ProviderMessageId }).IsUnique();
            // The processor reads the oldest unprocessed events; processed ones pile up and must not be scanned.
            evt.HasIndex(e => e.Id, "IX_InboundEvents_Pending").HasFilter("\"ProcessedAt\" IS NULL");
            evt.HasIndex(e => e.DeadLetteredAt);
            evt.HasOne<ChannelAccount>().WithMany().HasForeignKey(e => e.ChannelAccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LiveChatSite>(site =>
        {
            site.HasKey(s => s.ChannelAccountId);
            site.Ignore(s => s.Origins);
            site.Property(s => s.AllowedOrigins).HasMaxLength(2000);
            site.Property(s => s.Greeting).HasMaxLength(500);
            site.Property(s => s.AccentColour).HasMaxLength(16);
            site.HasOne<ChannelAccount>().WithOne().HasForeignKey<LiveChatSite>(s => s.ChannelAccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LiveChatVisitor>(visitor =>
        {
            visitor.Property(v => v.VisitorKey).HasMaxLength(64);
            visitor.HasIndex(v => v.VisitorKey).IsUnique();
            // New sessions per address in the last hour are counted on every start.
            visitor.HasIndex(v => new { v.LastIp, v.CreatedAt });
            visitor.Property(v => v.Name).HasMaxLength(100);
            visitor.Property(v => v.Email).HasMaxLength(320);
            visitor.Property(v => v.LastIp).HasMaxLength(64);
            visitor.HasOne<ChannelAccount>().WithMany().HasForeignKey(v => v.ChannelAccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<BlockedIp>(block =>
        {
            block.Property(b => b.Ip).HasMaxLength(64);
            block.HasIndex(b => new { b.Ip, b.LiftedAt });
        });

        builder.Entity<UserChatSettings>(settings =>
        {
            settings.HasKey(s => s.UserId);
            settings.Property(s => s.Sound).HasMaxLength(16);
            settings.HasOne<ApplicationUser>().WithOne().HasForeignKey<UserChatSettings>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RefusedFile>(file =>
        {
            file.Property(f => f.Name).HasMaxLength(200);
            file.Property(f => f.Reason).HasMaxLength(500);
            file.HasIndex(f => f.MessageId);
            file.HasOne<Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
            file.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<OutboxEntry>(entry =>
        {
            entry.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            entry.HasIndex(e => new { e.Status, e.NextAttemptAt });
            entry.HasIndex(e => e.MessageId).IsUnique();
            entry.HasOne(e => e.Message).WithOne().HasForeignKey<OutboxEntry>(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Contact>(contact =>
        {
            contact.Property(c => c.Name).HasMaxLength(Contact.MaxNameLength);
            contact.Property(c => c.Language).HasMaxLength(Contact.MaxLanguageLength);
            contact.Property(c => c.Notes).HasMaxLength(Contact.MaxNotesLength);
            contact.Property(c => c.Email).HasMaxLength(320);
            contact.HasMany(c => c.Identities).WithOne().HasForeignKey(i => i.ContactId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ContactIdentity>(identity =>
        {
            identity.Property(i => i.Kind).HasConversion<string>().HasMaxLength(24);
            identity.Property(i => i.Value).HasMaxLength(200);
            identity.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
        });

        builder.Entity<ContactAuditEntry>(entry =>
        {
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.ActorName).HasMaxLength(100);
            entry.HasIndex(e => e.At);
        });

        builder.Entity<Conversation>(conversation =>
        {
            conversation.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
            conversation.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            conversation.Property(c => c.LastMessagePreview).HasMaxLength(200);
            conversation.HasOne(c => c.ChannelAccount).WithMany().HasForeignKey(c => c.ChannelAccountId).OnDelete(DeleteBehavior.SetNull);
            conversation.HasOne(c => c.Queue).WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.SetNull);
            conversation.HasOne(c => c.Contact).WithMany(c => c.Conversations).HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.SetNull);
            conversation.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
            conversation.HasIndex(c => new { c.ContactId, c.ChannelAccountId, c.Status });
            conversation.HasIndex(c => new { c.OwnerId, c.Status, c.LastActivityAt });
            conversation.HasIndex(c => c.LastActivityAt);
            // A default in the table too: rows written before this column, or by plain SQL, wait for nothing.
            conversation.Property(c => c.Waiting).HasConversion<string>().HasMaxLength(16).HasDefaultValue(WaitingState.None);
            // The snooze worker sleeps until the earliest of these.
            conversation.HasIndex(c => c.SnoozedUntil);
            conversation.Property(c => c.Title).HasMaxLength(Conversation.MaxTitleLength);
            conversation.Property(c => c.DirectKey).HasMaxLength(100);
            conversation.HasIndex(c => c.DirectKey).IsUnique();
            // StartedById has no foreign key: adding one would rebuild the whole Conversations table in SQLite, and an id
            // left by a deleted user only means nobody but an admin manages that group's members.
        });

        builder.Entity<ConversationMember>(member =>
        {
            member.HasKey(m => new { m.ConversationId, m.UserId });
            member.HasIndex(m => m.UserId);
            member.HasOne<Conversation>().WithMany(c => c.Members).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ConversationOffer>(offer =>
        {
            offer.HasKey(o => new { o.ConversationId, o.UserId });
            offer.HasIndex(o => o.UserId);
            offer.HasOne<Conversation>().WithMany(c => c.Offers).HasForeignKey(o => o.ConversationId).OnDelete(DeleteBehavior.Cascade);
            offer.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Message>(message =>
        {
            message.Property(m => m.Direction).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.ProviderMessageId).HasMaxLength(100);
            message.HasIndex(m => m.ProviderMessageId).IsUnique();
            message.HasIndex(m => new { m.ConversationId, m.SentAt });
            // Each agent's latest reply, for the live queue view.
            message.HasIndex(m => new { m.AuthorId, m.SentAt });
            message.HasOne<Conversation>().WithMany(c => c.Messages).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<NoteMention>(NoteMention.Configure);

        builder.Entity<ConversationEvent>(evt =>
        {
            evt.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
            evt.Property(e => e.Note).HasMaxLength(500);
            evt.HasIndex(e => new { e.ConversationId, e.At });
            evt.HasOne<Conversation>().WithMany(c => c.Events).HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StoredFile>(file =>
        {
            file.Property(f => f.OriginalName).HasMaxLength(FileValidator.MaxNameLength);
            file.Property(f => f.ContentType).HasMaxLength(100);
            file.Property(f => f.Sha256).HasMaxLength(64);
            file.Property(f => f.StorageName).HasMaxLength(64);
            file.HasIndex(f => f.StorageName).IsUnique();
            file.HasIndex(f => f.ConversationId);
            file.HasOne<Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
            file.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<MessageTemplate>(template =>
        {
            template.Property(t => t.Name).HasMaxLength(MessageTemplate.MaxNameLength);
            template.Property(t => t.Category).HasMaxLength(MessageTemplate.MaxNameLength);
            template.Property(t => t.Language).HasMaxLength(8);
            template.Property(t => t.Body).HasMaxLength(MessageTemplate.MaxBodyLength);
            template.Property(t => t.WhatsAppTemplateName).HasMaxLength(MessageTemplate.MaxNameLength);
            template.Property(t => t.WhatsAppTemplateLanguage).HasMaxLength(MessageTemplate.MaxLanguageCodeLength);
            template.Property(t => t.TwilioContentSid).HasMaxLength(MessageTemplate.MaxContentSidLength);
            template.HasIndex(t => new { t.Name, t.Language }).IsUnique();
        });

        builder.Entity<ConversationReadMark>(mark =>
        {
            mark.HasKey(r => new { r.ConversationId, r.UserId });
            mark.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
            mark.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        LabelsModel.Configure(builder);
        builder.Entity<ConversationMetrics>(metrics =>
        {
            metrics.HasKey(m => m.ConversationId);
            // Reports find their conversations by start time.
            metrics.HasIndex(m => m.CreatedAt);
            metrics.HasOne(m => m.Conversation).WithOne().HasForeignKey<ConversationMetrics>(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReviewNote>(note =>
        {
            note.Property(n => n.Body).HasMaxLength(ReviewNote.MaxBodyLength);
            note.HasIndex(n => n.ConversationId);
            note.HasOne<Conversation>().WithMany().HasForeignKey(n => n.ConversationId).OnDelete(DeleteBehavior.Cascade);
            note.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}
