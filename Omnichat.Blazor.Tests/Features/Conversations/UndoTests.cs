using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>Undo of the reversible actions is a real state change back, refused once the conversation moved on.</summary>
public class UndoTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private ConversationLifecycle Lifecycle => world.Lifecycle;

    [Fact]
    public async Task Undo_after_dealt_with_reopens_the_conversation_in_recent_and_records_it()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        await Lifecycle.ClaimAsync(id, anna);
        Assert.Equal(Outcome.Done, await Lifecycle.MarkDealtWithAsync(id, anna));

        Assert.Equal(Outcome.Done, await Lifecycle.UndoCloseAsync(id, anna, ConversationStatus.DealtWith));

        var conversation = await world.LoadAsync(id);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        Assert.False(conversation.IsArchived);
        Assert.Equal(anna.UserId, conversation.OwnerId);
        Assert.Contains(await world.RecentAsync(anna), i => i.Id == id);
        Assert.Equal(ConversationEventKind.Unarchived, conversation.Events.MaxBy(e => e.Id)!.Kind);
    }

    [Fact]
    public async Task Undo_changes_nothing_once_a_colleague_moved_the_conversation_on()
    {
        var (anna, admin) = (await world.UserAsync(), await world.UserAsync(Roles.Admin));
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var id = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        await Lifecycle.ClaimAsync(id, anna);
        Assert.Equal(Outcome.Done, await Lifecycle.MarkDealtWithAsync(id, anna));
        // Meanwhile an admin reopened it and archived it for Anna: the dealt-with state Anna's Undo refers to is gone.
        Assert.Equal(Outcome.Done, await Lifecycle.UnarchiveAsync(id, admin));
        Assert.Equal(Outcome.Done, await Lifecycle.ArchiveAsync(id, anna));

        Assert.NotEqual(Outcome.Done, await Lifecycle.UndoCloseAsync(id, anna, ConversationStatus.DealtWith));

        var conversation = await world.LoadAsync(id);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        Assert.True(conversation.IsArchived);
    }

    [Fact]
    public async Task Undo_after_archive_brings_it_back_but_not_after_it_was_deleted()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var kept = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var deleted = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        foreach (var id in new[] { kept, deleted })
        {
            await Lifecycle.ClaimAsync(id, anna);
            Assert.Equal(Outcome.Done, await Lifecycle.ArchiveAsync(id, anna));
        }
        Assert.Equal(Outcome.Done, await Lifecycle.DeleteAsync(deleted, anna));

        Assert.Equal(Outcome.Done, await Lifecycle.UndoCloseAsync(kept, anna, ConversationStatus.Open));
        Assert.NotEqual(Outcome.Done, await Lifecycle.UndoCloseAsync(deleted, anna, ConversationStatus.Open));

        Assert.False((await world.LoadAsync(kept)).IsArchived);
        Assert.Equal(ConversationStatus.Deleted, (await world.LoadAsync(deleted)).Status);
    }
}
