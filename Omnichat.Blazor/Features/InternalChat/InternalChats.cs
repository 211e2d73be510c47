using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.InternalChat;

public sealed record NewChatRequest(IReadOnlyList<string> ColleagueIds, string? GroupName);

public sealed record ChatMember(string UserId, string DisplayName, string Extension);

/// <summary>An internal chat's people as its header shows them, and whether the viewer may change who is in it.</summary>
public sealed record ChatMembers(string? Title, bool IsGroup, string? StartedById, IReadOnlyList<ChatMember> Members, bool CanManageMembers, bool CanLeave);

/// <summary>An internal chat as the admins' audit list shows it.</summary>
public sealed record AuditedChat(long Id, string? Title, IReadOnlyList<string> MemberNames, DateTime CreatedAt, DateTime LastActivityAt);

/// <summary>
/// Colleagues chatting one-to-one or in named groups (SPEC section 8): starting a chat, who is in it, archive per member,
/// and the admins' audit view. Who reads a chat is <see cref="ConversationAccess"/>'s (present members); every write goes
/// through the <see cref="IDbWriter"/> and is announced on the <see cref="ConversationBus"/> after commit.
/// </summary>
public sealed class InternalChats(IDbWriter writer, IDbContextFactory<OmnichatDbContext> dbFactory, ConversationBus bus, ConversationReader reader,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Starts a chat with the given colleagues: one-to-one without a group name, a named group otherwise. A one-to-one
    /// chat the two already have is opened instead (and taken out of the starter's archive). Writes run one at a time and
    /// the pair's key is unique, so two colleagues starting a chat with each other at once share one.
    /// </summary>
    public async Task<(Outcome Outcome, long? ConversationId)> StartAsync(Viewer viewer, NewChatRequest request, CancellationToken ct = default)
    {
        var colleagueIds = request.ColleagueIds.Where(id => id != viewer.UserId).Distinct().ToList();
        var groupName = string.IsNullOrWhiteSpace(request.GroupName) ? null : request.GroupName.Trim();
        if (colleagueIds.Count == 0 || (colleagueIds.Count > 1 && groupName is null) || groupName?.Length > Conversation.MaxTitleLength)
            return (Outcome.NotApplicable, null);

        var (outcome, id, created) = await writer.WriteAsync<(Outcome, long?, bool)>(async (db, token) =>
        {
            if (await ActiveAsync(db, colleagueIds, token) != colleagueIds.Count) return (Outcome.NotApplicable, null, false);
            var directKey = groupName is null ? Conversation.DirectKeyOf(viewer.UserId, colleagueIds[0]) : null;
            if (directKey is not null)
            {
                var existing = await db.Conversations.Where(c => c.DirectKey == directKey && c.Status != ConversationStatus.Deleted)
                    .Select(c => (long?)c.Id).SingleOrDefaultAsync(token);
                if (existing is { } existingId)
                {
                    await db.ConversationMembers.Where(m => m.ConversationId == existingId && m.UserId == viewer.UserId)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsArchived, false), token);
                    return (Outcome.Done, existingId, false);
                }
            }

            var conversation = new Conversation
            {
                Channel = ChannelKind.Internal,
                Status = ConversationStatus.Open,
                Title = groupName,
                DirectKey = directKey,
                StartedById = viewer.UserId,
                CreatedAt = Now,
                LastActivityAt = Now,
            };
            conversation.AddEvent(ConversationEventKind.Created, Now, viewer.UserId);
            foreach (var userId in colleagueIds.Prepend(viewer.UserId))
            {
                conversation.Members.Add(new ConversationMember { UserId = userId, JoinedAt = Now });
                if (groupName is not null && userId != viewer.UserId) conversation.AddEvent(ConversationEventKind.MemberAdded, Now, viewer.UserId, userId);
            }
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync(token);
            // Every colleague message counts as unread for a member until they open the chat.
            db.ConversationReadMarks.AddRange(conversation.Members.Select(m => new ConversationReadMark { ConversationId = conversation.Id, UserId = m.UserId }));
            await db.SaveChangesAsync(token);
            return (Outcome.Done, conversation.Id, true);
        }, ct);

        if (id is { } started) await bus.PublishAsync(new ConversationChanged(started, created ? ConversationChange.Created : ConversationChange.MembersChanged, viewer.UserId));
        return (outcome, id);
    }

    /// <summary>Adds colleagues to a group (its starter or an admin); someone who had left comes back.</summary>
    public async Task<Outcome> AddMembersAsync(long conversationId, Viewer viewer, IReadOnlyCollection<string> userIds, CancellationToken ct = default)
    {
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            if (!await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(CanManageMembers(viewer), token)) return Outcome.NotAllowed;
            var ids = userIds.Distinct().ToList();
            if (ids.Count == 0 || await ActiveAsync(db, ids, token) != ids.Count) return Outcome.NotApplicable;
            var known = await db.ConversationMembers.Where(m => m.ConversationId == conversationId && ids.Contains(m.UserId)).ToListAsync(token);
            var added = 0;
            foreach (var userId in ids)
            {
                var member = known.SingleOrDefault(m => m.UserId == userId);
                if (member is { LeftAt: null }) continue;
                if (member is null)
                {
                    db.ConversationMembers.Add(new ConversationMember { ConversationId = conversationId, UserId = userId, JoinedAt = Now });
                    if (!await db.ConversationReadMarks.AnyAsync(r => r.ConversationId == conversationId && r.UserId == userId, token))
                        db.ConversationReadMarks.Add(new ConversationReadMark { ConversationId = conversationId, UserId = userId });
                }
                else (member.LeftAt, member.JoinedAt, member.IsArchived) = (null, Now, false);
                AddEvent(db, conversationId, ConversationEventKind.MemberAdded, viewer.UserId, userId);
                added++;
            }
            if (added == 0) return Outcome.NotApplicable;
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        return await PublishAsync(outcome, conversationId, viewer);
    }

    /// <summary>Takes a colleague out of a group (its starter or an admin); they lose the chat at once.</summary>
    public Task<Outcome> RemoveMemberAsync(long conversationId, Viewer viewer, string userId, CancellationToken ct = default) =>
        EndMembershipAsync(conversationId, viewer, userId, CanManageMembers(viewer), ConversationEventKind.MemberRemoved, ct);

    /// <summary>The viewer leaves a group and loses it, history included. One-to-one chats are archived, not left.</summary>
    public Task<Outcome> LeaveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) =>
        EndMembershipAsync(conversationId, viewer, viewer.UserId,
            c => c.Channel == ChannelKind.Internal && c.DirectKey == null && c.Status == ConversationStatus.Open, ConversationEventKind.MemberLeft, ct);

    /// <summary>Hides the chat from the viewer's Recent list only; the next message brings it back.</summary>
    public Task<Outcome> ArchiveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) => SetArchivedAsync(conversationId, viewer, true, ct);

    public Task<Outcome> UnarchiveAsync(long conversationId, Viewer viewer, CancellationToken ct = default) => SetArchivedAsync(conversationId, viewer, false, ct);

    /// <summary>Who is in the chat, or null when the viewer may not read it.</summary>
    public async Task<ChatMembers?> MembersAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var one = db.Conversations.Where(c => c.Id == conversationId && c.Channel == ChannelKind.Internal);
        var chat = await one.Where(ConversationAccess.CanSee(viewer))
            .Select(c => new
            {
                c.Title,
                IsGroup = c.DirectKey == null,
                c.StartedById,
                Members = c.Members.Where(m => m.LeftAt == null)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new ChatMember(u.Id, u.DisplayName, u.Extension))
                    .ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (chat is null) return null;
        var canManage = await one.AnyAsync(CanManageMembers(viewer), ct);
        var members = chat.Members.OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
        return new ChatMembers(chat.Title, chat.IsGroup, chat.StartedById, members, canManage, chat.IsGroup);
    }

    /// <summary>Every internal chat, for an admin's audit; nobody else gets any.</summary>
    public async Task<IReadOnlyList<AuditedChat>> AuditListAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var chats = await db.Conversations
            .Where(c => c.Channel == ChannelKind.Internal && c.Status != ConversationStatus.Deleted)
            .OrderByDescending(c => c.LastActivityAt)
            .Select(c => new
            {
                c.Id,
                c.Title,
                Names = c.Members.Where(m => m.LeftAt == null).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName).ToList(),
                c.CreatedAt,
                c.LastActivityAt,
            })
            .Take(500)
            .ToListAsync(ct);
        return chats.Select(c => new AuditedChat(c.Id, c.Title, c.Names.Order(StringComparer.CurrentCultureIgnoreCase).ToList(), c.CreatedAt, c.LastActivityAt)).ToList();
    }

    /// <summary>
    /// An admin reads an internal chat they are not in: the reading is recorded first, as an audit line the members
    /// see, so nobody reads colleagues' chats unnoticed. Null for anyone but an admin, or a chat that is gone.
    /// </summary>
    public async Task<IReadOnlyList<ThreadEntry>?> AuditThreadAsync(long conversationId, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin) return null;
        var recorded = await writer.WriteAsync(async (db, token) =>
        {
            if (!await db.Conversations.AnyAsync(c => c.Id == conversationId && c.Channel == ChannelKind.Internal && c.Status != ConversationStatus.Deleted, token))
                return false;
            AddEvent(db, conversationId, ConversationEventKind.AuditViewed, viewer.UserId, null);
            await db.SaveChangesAsync(token);
            return true;
        }, ct);
        if (!recorded) return null;
        await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.MembersChanged, viewer.UserId));
        return await reader.ThreadForAuditAsync(conversationId, ct);
    }

    /// <summary>
    /// Who may change a group's members: its starter while still in it, or an admin. One-to-one chats keep their pair.
    /// Not a reading rule: reading stays with <see cref="ConversationAccess"/>.
    /// </summary>
    private static Expression<Func<Conversation, bool>> CanManageMembers(Viewer viewer)
    {
        var userId = viewer.UserId;
        var isAdmin = viewer.IsAdmin;
        return c => c.Channel == ChannelKind.Internal && c.DirectKey == null && c.Status == ConversationStatus.Open
            && (isAdmin || (c.StartedById == userId && c.Members.Any(m => m.UserId == userId && m.LeftAt == null)));
    }

    /// <summary>How many of the given users are colleagues who can sign in (not locked out).</summary>
    private static async Task<int> ActiveAsync(OmnichatDbContext db, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        // SQLite cannot compare DateTimeOffset values, so the few lockout ends are compared here.
        var lockoutEnds = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.LockoutEnd).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        return lockoutEnds.Count(end => end is null || end <= now);
    }

    private async Task<Outcome> EndMembershipAsync(long conversationId, Viewer viewer, string userId, Expression<Func<Conversation, bool>> allowed,
        ConversationEventKind kind, CancellationToken ct)
    {
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            if (!await db.Conversations.Where(c => c.Id == conversationId).AnyAsync(allowed, token)) return Outcome.NotAllowed;
            var ended = await db.ConversationMembers.Where(m => m.ConversationId == conversationId && m.UserId == userId && m.LeftAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeftAt, Now), token);
            if (ended == 0) return Outcome.NotApplicable;
            AddEvent(db, conversationId, kind, viewer.UserId, kind == ConversationEventKind.MemberLeft ? null : userId);
            await db.SaveChangesAsync(token);
            return Outcome.Done;
        }, ct);
        return await PublishAsync(outcome, conversationId, viewer);
    }

    private async Task<Outcome> SetArchivedAsync(long conversationId, Viewer viewer, bool archived, CancellationToken ct)
    {
        var userId = viewer.UserId;
        var outcome = await writer.WriteAsync(async (db, token) =>
        {
            if (!await db.Conversations.Where(c => c.Id == conversationId && c.Channel == ChannelKind.Internal).AnyAsync(ConversationAccess.CanAct(viewer), token))
                return Outcome.NotAllowed;
            var changed = await db.ConversationMembers.Where(m => m.ConversationId == conversationId && m.UserId == userId && m.IsArchived != archived)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsArchived, archived), token);
            return changed == 0 ? Outcome.NotApplicable : Outcome.Done;
        }, ct);
        return await PublishAsync(outcome, conversationId, viewer);
    }

    private async Task<Outcome> PublishAsync(Outcome outcome, long conversationId, Viewer viewer)
    {
        if (outcome == Outcome.Done) await bus.PublishAsync(new ConversationChanged(conversationId, ConversationChange.MembersChanged, viewer.UserId));
        return outcome;
    }

    private void AddEvent(OmnichatDbContext db, long conversationId, ConversationEventKind kind, string? actorId, string? targetId) =>
        db.ConversationEvents.Add(new ConversationEvent { ConversationId = conversationId, Kind = kind, ActorId = actorId, TargetId = targetId, At = Now });
}
