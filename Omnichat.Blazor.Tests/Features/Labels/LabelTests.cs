using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Labels;

/// <summary>Labels against the real app and SQLite file: defining them, putting them on conversations, filtering by them.</summary>
public class LabelTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;
    private LabelAdmin Admin => app.Factory.Services.GetRequiredService<LabelAdmin>();
    private ConversationLabels Labelling => app.Factory.Services.GetRequiredService<ConversationLabels>();

    private async Task<LabelTag> LabelAsync(string colour = "green")
    {
        var name = $"Label {Guid.NewGuid():N}"[..20];
        Assert.Null(await Admin.CreateAsync(name, colour));
        return (await Admin.ListAsync()).Single(l => l.Name == name);
    }

    private async Task<IReadOnlyList<InboxItem>> RecentAsync(Viewer viewer, int? labelId) =>
        (await world.Inbox.RecentAsync(viewer, new InboxFilter(LabelId: labelId))).Items;

    [Fact]
    public async Task An_admin_creates_renames_recolours_and_deletes_a_label_with_unique_names()
    {
        var label = await LabelAsync();

        Assert.Equal($"A label named “{label.Name.ToUpperInvariant()}” already exists.", await Admin.CreateAsync(label.Name.ToUpperInvariant(), "red"));
        Assert.Equal("A label needs a name.", await Admin.CreateAsync("   ", "red"));
        Assert.Equal("Choose one of the offered colours.", await Admin.CreateAsync("Lime", "#00ff00"));
        Assert.Equal("A label name is at most 50 characters.", await Admin.CreateAsync(new string('x', 51), "red"));

        var renamed = $"Renamed {Guid.NewGuid():N}"[..20];
        Assert.Null(await Admin.UpdateAsync(label.Id, $"  {renamed} ", "purple"));
        Assert.Equal(new LabelTag(label.Id, renamed, "purple"), (await Admin.ListAsync()).Single(l => l.Id == label.Id));

        await Admin.DeleteAsync(label.Id);
        Assert.DoesNotContain(await Admin.ListAsync(), l => l.Id == label.Id);
        Assert.Equal("That label no longer exists.", await Admin.UpdateAsync(label.Id, renamed, "purple"));
    }

    [Fact]
    public async Task Deleting_a_label_takes_it_off_conversations_channels_and_queues_and_keeps_the_audit_line()
    {
        var anna = await world.UserAsync();
        var label = await LabelAsync();
        var queueId = await world.QueueAsync(AssignmentStrategy.All, [anna]);
        Assert.Null(await QueueSettingsAsync(queueId, label.Id));
        var channel = await world.ChannelAsync(queueId);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        Assert.Equal(label.Id, Assert.Single(Assert.Single(await RecentAsync(anna, label.Id)).Labels).Id);

        await Admin.DeleteAsync(label.Id);

        Assert.Empty((await world.RecentAsync(anna)).Single(i => i.Id == conversation).Labels);
        await using var db = await world.CreateDbAsync();
        Assert.Null(await db.Queues.Where(q => q.Id == queueId).Select(q => q.AutoLabelId).SingleAsync());
        Assert.Equal(label.Name, (await world.LoadAsync(conversation)).Events.Single(e => e.Kind == ConversationEventKind.LabelAdded).Note);
    }

    [Fact]
    public async Task An_agent_who_may_act_adds_and_removes_labels_with_an_audit_line_each()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var (billing, urgent) = (await LabelAsync(), await LabelAsync("red"));

        // Unowned and offered to both: either may label it, and labelling does not take it.
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversation, anna, billing.Id));
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversation, bob, urgent.Id));
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversation, bob, urgent.Id));
        Assert.Equal(Outcome.Done, await Labelling.RemoveAsync(conversation, anna, billing.Id));

        var row = (await world.RecentAsync(bob)).Single(i => i.Id == conversation);
        Assert.Null(row.OwnerName);
        Assert.Equal([urgent.Id], row.Labels.Select(l => l.Id));
        var audit = (await world.LoadAsync(conversation)).Events.Where(e => e.Kind is ConversationEventKind.LabelAdded or ConversationEventKind.LabelRemoved)
            .OrderBy(e => e.Id).Select(e => (e.Kind, e.ActorId, e.Note)).ToList();
        Assert.Equal([
            (ConversationEventKind.LabelAdded, anna.UserId, billing.Name),
            (ConversationEventKind.LabelAdded, bob.UserId, urgent.Name),
            (ConversationEventKind.LabelRemoved, anna.UserId, billing.Name),
        ], audit);
    }

    [Fact]
    public async Task Someone_who_may_not_act_on_the_conversation_cannot_label_it()
    {
        var (anna, bob, outsider) = (await world.UserAsync(), await world.UserAsync(), await world.UserAsync());
        var supervisor = await world.UserAsync(Roles.Supervisor);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna, bob);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var label = await LabelAsync();

        // Not in the queue it is offered to.
        Assert.Equal(Outcome.NotAllowed, await Labelling.AddAsync(conversation, outsider, label.Id));
        Assert.Equal("You may not do that with this conversation.", await Labelling.RunCommandAsync(conversation, outsider, $"/label {label.Name}"));
        // Once Anna owns it, Bob may no longer act on it; a supervisor reads every conversation but acts on none that is not theirs.
        Assert.Equal(Outcome.Done, await world.Lifecycle.ClaimAsync(conversation, anna));
        Assert.Equal(Outcome.Taken, await Labelling.AddAsync(conversation, bob, label.Id));
        Assert.Equal(Outcome.Taken, await Labelling.AddAsync(conversation, supervisor, label.Id));
        Assert.Equal(Outcome.Taken, await Labelling.RemoveAsync(conversation, bob, label.Id));

        Assert.Empty((await world.RecentAsync(anna)).Single(i => i.Id == conversation).Labels);
        Assert.DoesNotContain((await world.LoadAsync(conversation)).Events, e => e.Kind == ConversationEventKind.LabelAdded);
    }

    [Fact]
    public async Task Internal_chats_carry_no_labels()
    {
        var (anna, bob) = (await world.UserAsync(), await world.UserAsync());
        var chat = await world.InternalChatAsync(anna, [bob]);

        Assert.Equal(Outcome.NotAllowed, await Labelling.AddAsync(chat, anna, (await LabelAsync()).Id));
    }

    [Fact]
    public async Task The_label_command_labels_the_conversation_and_explains_an_unknown_label()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var label = await LabelAsync();

        Assert.Null(await Labelling.RunCommandAsync(conversation, anna, "/labels are on the parcel"));
        Assert.Null(await Labelling.RunCommandAsync(conversation, anna, "Please check the label on the box"));
        Assert.Equal("There is no label “nope-nothing”. Nothing was sent.", await Labelling.RunCommandAsync(conversation, anna, "/label nope-nothing"));
        Assert.Equal("Type the label after /label, for example “/label billing”.", await Labelling.RunCommandAsync(conversation, anna, "/label "));
        Assert.Empty((await world.RecentAsync(anna)).Single(i => i.Id == conversation).Labels);

        Assert.Equal("", await Labelling.RunCommandAsync(conversation, anna, $"/LABEL {label.Name.ToUpperInvariant()}"));

        Assert.Equal([label.Id], (await world.RecentAsync(anna)).Single(i => i.Id == conversation).Labels.Select(l => l.Id));
        Assert.Single((await world.LoadAsync(conversation)).Messages);
    }

    [Fact]
    public async Task A_channel_and_a_queue_each_label_the_conversations_that_start_there()
    {
        var anna = await world.UserAsync();
        var (fromChannel, fromQueue) = (await LabelAsync(), await LabelAsync("teal"));
        var queueId = await world.QueueAsync(AssignmentStrategy.All, [anna]);
        var labelled = await world.TwilioAccountAsync(queueId);
        var plain = await world.ChannelAsync(await world.QueueAsync(AssignmentStrategy.All, [anna]));
        Assert.Null(await app.Factory.Services.GetRequiredService<ChannelAdmin>().UpdateAsync(labelled.Id, new ChannelSettings(
            labelled.Kind, labelled.Key, labelled.Name, labelled.Address, queueId, labelled.ProviderAccountId, IsSimulated: true, AutoLabelId: fromChannel.Id)));
        Assert.Null(await QueueSettingsAsync(queueId, fromQueue.Id));

        var both = (await world.CustomerWritesAsync(labelled.Id, TestWorld.NewPhone())).ConversationId;
        var neither = (await world.CustomerWritesAsync(plain, TestWorld.NewPhone())).ConversationId;
        var (outcome, outbound) = await StartSmsAsync(anna, queueId);

        var rows = await world.RecentAsync(anna);
        Assert.Equal(new[] { fromChannel.Id, fromQueue.Id }.Order(), rows.Single(i => i.Id == both).Labels.Select(l => l.Id).Order());
        Assert.Empty(rows.Single(i => i.Id == neither).Labels);
        Assert.Equal(Outcome.Done, outcome);
        Assert.Contains(rows.Single(i => i.Id == outbound).Labels, l => l.Id == fromQueue.Id);
        var audit = (await world.LoadAsync(both)).Events.Where(e => e.Kind == ConversationEventKind.LabelAdded).ToList();
        Assert.All(audit, e => Assert.Null(e.ActorId));
        Assert.Equal(new[] { fromChannel.Name, fromQueue.Name }.Order(), audit.Select(e => e.Note).Order());
    }

    [Fact]
    public async Task The_label_filter_narrows_the_inbox_and_the_archive()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var conversations = new List<long>();
        for (var i = 0; i < 3; i++) conversations.Add((await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId);
        var (vip, other) = (await LabelAsync(), await LabelAsync());
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversations[0], anna, vip.Id));
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversations[1], anna, other.Id));

        Assert.Equal([conversations[0]], (await RecentAsync(anna, vip.Id)).Select(i => i.Id));
        Assert.Equal(conversations.AsEnumerable().Reverse(), (await RecentAsync(anna, null)).Select(i => i.Id).Where(conversations.Contains));

        foreach (var id in conversations) Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(id, anna));
        var archive = await world.Inbox.ArchiveAsync(anna, new InboxFilter(LabelId: vip.Id));
        Assert.Equal([conversations[0]], archive.Items.Select(i => i.Id));
        Assert.Empty(await RecentAsync(anna, vip.Id));
    }

    [Fact]
    public async Task A_live_list_filtered_by_a_label_takes_in_a_conversation_the_moment_it_is_labelled_and_lets_it_go_when_unlabelled()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var label = await LabelAsync();
        var list = new ConversationList(anna, InboxQuery.InRecent(anna), (filter, after, take) => world.Inbox.RecentAsync(anna, filter, after, take));
        await list.FilterAsync(new InboxFilter(LabelId: label.Id));
        Assert.Empty(list.Items);

        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversation, anna, label.Id));
        var labelled = await UpdateAsync(conversation);
        Assert.True(list.Concerns(labelled));
        Assert.True(list.TryApply([labelled], out var added) && added);
        Assert.Equal(label.Name, Assert.Single(Assert.Single(list.Items).Labels).Name);

        Assert.Equal(Outcome.Done, await Labelling.RemoveAsync(conversation, anna, label.Id));
        Assert.True(list.TryApply([await UpdateAsync(conversation)], out var removed) && removed);
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task A_labelled_row_read_again_unchanged_is_the_same_row_so_a_live_reload_keeps_it_and_a_menu_open_in_it()
    {
        var anna = await world.UserAsync();
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, anna);
        var conversation = (await world.CustomerWritesAsync(channel, TestWorld.NewPhone())).ConversationId;
        var (urgent, billing) = (await LabelAsync("red"), await LabelAsync());
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversation, anna, urgent.Id));
        Assert.Equal(Outcome.Done, await Labelling.AddAsync(conversation, anna, billing.Id));
        async Task<InboxItem> RowAsync() => (await RecentAsync(anna, null)).Single(i => i.Id == conversation);

        // Tables key their rows by the row itself: equal rows are kept, unequal ones rebuilt (closing a menu open in them).
        var (first, again) = (await RowAsync(), await RowAsync());
        Assert.Equal(2, first.Labels.Count);
        Assert.Equal(first, again);
        Assert.Equal(first.GetHashCode(), again.GetHashCode());

        Assert.Equal(Outcome.Done, await Labelling.RemoveAsync(conversation, anna, billing.Id));
        Assert.NotEqual(first, await RowAsync());
    }

    [Fact]
    public void Every_palette_colour_keeps_white_text_readable()
    {
        Assert.All(LabelPalette.Colours, colour =>
            Assert.True(LabelPalette.Contrast(colour.Background, LabelPalette.Text) >= 4.5, $"{colour.Key}: {LabelPalette.Contrast(colour.Background, LabelPalette.Text):0.00}"));
        Assert.Equal(21, LabelPalette.Contrast("#000000", "#ffffff"), precision: 6);
    }

    private async Task<ConversationUpdate> UpdateAsync(long conversationId) =>
        new(new ConversationChanged(conversationId, ConversationChange.LabelsChanged), (await world.Inbox.SnapshotsAsync([conversationId]))[conversationId]);

    private async Task<string?> QueueSettingsAsync(int queueId, int? autoLabelId)
    {
        var queue = (await app.Factory.Services.GetRequiredService<QueueAdmin>().ListAsync()).Single(q => q.Id == queueId);
        return await app.Factory.Services.GetRequiredService<QueueAdmin>().UpdateAsync(queueId,
            new QueueSettings(queue.Name, queue.Strategy, queue.TopN, queue.MaxOpenChatsPerAgent, queue.OfferTimeoutSeconds, autoLabelId));
    }

    /// <summary>The agent texts a new customer from the queue's channel ("Send SMS" on a contact they serve).</summary>
    private async Task<(Outcome, long)> StartSmsAsync(Viewer agent, int queueId)
    {
        await using var db = await world.CreateDbAsync();
        var channelId = await db.ChannelAccounts.Where(a => a.QueueId == queueId).Select(a => a.Id).FirstAsync();
        var first = (await world.CustomerWritesAsync(channelId, TestWorld.NewPhone())).ConversationId;
        Assert.Equal(Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(first, agent));
        var contactId = (await world.LoadAsync(first)).ContactId!.Value;
        var (outcome, id) = await world.Lifecycle.StartOutboundAsync(contactId, ChannelKind.Sms, agent);
        return (outcome, id ?? 0);
    }
}
