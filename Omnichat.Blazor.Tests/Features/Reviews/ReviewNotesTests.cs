using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Reviews;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Reviews;

/// <summary>A supervisor reviews an archived conversation: who reads the notes, who may write them, and the archive's "reviewed" mark.</summary>
public sealed class ReviewNotesTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly TestWorld world = app.World;
    private ReviewNotes reviews = default!;
    private Viewer owner = default!, colleague = default!, supervisor = default!, admin = default!;
    private long conversationId;
    private int channel;
    private string phone = "";

    public async Task InitializeAsync()
    {
        reviews = app.Factory.Services.GetRequiredService<ReviewNotes>();
        (owner, colleague) = (await world.UserAsync(), await world.UserAsync());
        (supervisor, admin) = (await world.UserAsync(Roles.Supervisor), await world.UserAsync(Roles.Admin));
        (channel, phone) = (await world.ChannelForAsync(AssignmentStrategy.All, owner, colleague), TestWorld.NewPhone());
        conversationId = (await world.CustomerWritesAsync(channel, phone)).ConversationId;
        Assert.Equal(Outcome.Done, (await world.Lifecycle.ReplyAsync(conversationId, owner, "Sorted, have a nice day")).Outcome);
        Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(conversationId, owner));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_review_note_is_read_by_reviewers_and_the_owning_agent_and_by_no_other_agent()
    {
        Assert.Equal(Outcome.Done, await reviews.AddAsync(conversationId, supervisor, "Friendly, but check the order number first next time."));

        foreach (var reader in new[] { supervisor, admin, owner })
        {
            var view = await reviews.ViewAsync(conversationId, reader);
            Assert.NotNull(view);
            Assert.Equal("Friendly, but check the order number first next time.", Assert.Single(view.Notes).Body);
        }
        // The customer writes again; the colleague, offered the new chat, may read the reviewed one as history, but not its review.
        await world.CustomerWritesAsync(channel, phone, "One more question");
        Assert.NotNull(await world.ThreadAsync(conversationId, colleague));
        Assert.Null(await reviews.ViewAsync(conversationId, colleague));
    }

    [Fact]
    public async Task Only_reviewers_write_notes_and_the_owner_cannot_review_their_own_work()
    {
        Assert.Equal(Outcome.NotAllowed, await reviews.AddAsync(conversationId, owner, "All good here"));
        Assert.Equal(Outcome.NotAllowed, await reviews.SetReviewedAsync(conversationId, owner, reviewed: true));
        Assert.Equal(Outcome.NotApplicable, await reviews.AddAsync(conversationId, supervisor, "   "));
        Assert.Equal(Outcome.NotApplicable, await reviews.AddAsync(conversationId, supervisor, new string('x', ReviewNote.MaxBodyLength + 1)));

        Assert.Empty((await reviews.ViewAsync(conversationId, supervisor))!.Notes);
        Assert.False((await reviews.ViewAsync(conversationId, owner))!.CanReview);
    }

    [Fact]
    public async Task Marked_reviewed_the_archive_shows_it_and_filters_by_it_and_the_mark_can_be_taken_back()
    {
        Assert.Equal(Outcome.Done, await reviews.SetReviewedAsync(conversationId, supervisor, reviewed: true));
        Assert.Equal(Outcome.NotApplicable, await reviews.SetReviewedAsync(conversationId, admin, reviewed: true));

        var reviewed = (await world.Inbox.ArchiveAsync(supervisor, new InboxFilter(Reviewed: true))).Items;
        Assert.True(Assert.Single(reviewed, i => i.Id == conversationId).IsReviewed);
        Assert.DoesNotContain((await world.Inbox.ArchiveAsync(supervisor, new InboxFilter(Reviewed: false))).Items, i => i.Id == conversationId);
        Assert.NotNull((await reviews.ViewAsync(conversationId, owner))!.ReviewedAt);

        Assert.Equal(Outcome.Done, await reviews.SetReviewedAsync(conversationId, admin, reviewed: false));
        var audit = (await world.LoadAsync(conversationId)).Events;
        Assert.Contains(audit, e => e.Kind == ConversationEventKind.Reviewed && e.ActorId == supervisor.UserId);
        Assert.Contains(audit, e => e.Kind == ConversationEventKind.ReviewWithdrawn && e.ActorId == admin.UserId);
        Assert.Contains((await world.Inbox.ArchiveAsync(supervisor, new InboxFilter(Reviewed: false))).Items, i => i.Id == conversationId);
        Assert.Null((await reviews.ViewAsync(conversationId, supervisor))!.ReviewedAt);
    }
}
