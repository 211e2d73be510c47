using System.Collections.ObjectModel;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The rows a list component shows (Recent or Archive), its filter and keyset cursor. Live updates patch the rows in
/// memory, as a reload would show them; a reload fetches as many rows as are on screen, so it never collapses a list
/// the agent has scrolled open.
/// </summary>
public sealed class ConversationList
{
    private readonly List<InboxItem> items = [];
    private readonly ReadOnlyCollection<InboxItem> view;
    private readonly ConversationAccessInMemory access;
    private readonly Func<Conversation, bool> inList;
    private readonly Func<InboxFilter, InboxCursor?, int, Task<InboxPage>> query;
    private InboxCursor? next;
    // Rows kept: the pages loaded. New conversations push the oldest rows out (and "load more" brings them back), so a
    // console open all day on a busy queue keeps a page of rows, not every conversation that arrived since.
    private int limit = InboxQuery.PageSize;
    // Read by live updates on other threads: both are replaced, never changed.
    private volatile HashSet<long> shown = [];
    private volatile IReadOnlyList<Func<Conversation, bool>>? conditions = [];
    // Counts the loads started: one that a later load overtook (the agent typed a search while the list was still
    // loading) must not put its older rows back.
    private int loads;

    /// <param name="inList">Which conversations belong (e.g. <see cref="InboxQuery.InRecent"/>); the query applies the same.</param>
    /// <param name="filter">The filter the list opens with, when not the unfiltered list.</param>
    public ConversationList(Viewer viewer, Func<Conversation, bool> inList, Func<InboxFilter, InboxCursor?, int, Task<InboxPage>> query, InboxFilter? filter = null)
    {
        Viewer = viewer;
        this.query = query;
        view = items.AsReadOnly();
        access = ConversationAccessInMemory.For(viewer);
        this.inList = inList;
        if (filter is not null) SetFilter(filter);
    }

    public Viewer Viewer { get; }

    public InboxFilter Filter { get; private set; } = new();
    /// <summary>The rows, read-only; a collection, as the inbox's virtualized list takes it.</summary>
    public ReadOnlyCollection<InboxItem> Items => view;
    public bool Loaded { get; private set; }
    public bool HasMore => next is not null;

    public Task LoadAsync()
    {
        limit = InboxQuery.PageSize;
        return LoadFirstAsync(limit);
    }

    public Task RefreshAsync() => LoadFirstAsync(Math.Max(InboxQuery.PageSize, items.Count));

    public Task FilterAsync(InboxFilter filter)
    {
        SetFilter(filter);
        return LoadAsync();
    }

    private void SetFilter(InboxFilter filter)
    {
        Filter = filter;
        // A text search runs only in the database: while one is on, live updates reload.
        conditions = string.IsNullOrWhiteSpace(filter.Search) ? InboxQuery.Conditions(filter).Select(c => c.Compile()).ToList() : null;
    }

    public async Task LoadMoreAsync()
    {
        if (next is null) return;
        var load = loads;
        var page = await query(Filter, next, InboxQuery.PageSize);
        if (load != loads) return;
        items.AddRange(page.Items);
        next = page.Next;
        limit = Math.Max(limit, items.Count);
        Shown();
    }

    /// <summary>
    /// Whether an update may change this list: it shows the conversation, may have to, or may have to drop it (a row
    /// can be on its way here while the conversation is taken away). Safe on any thread.
    /// </summary>
    public bool Concerns(ConversationUpdate update) =>
        update.MayHide || shown.Contains(update.ConversationId) || (update.Conversation is { } now && Belongs(now.Row, conditions));

    /// <summary>
    /// Patches the rows from updates, oldest first, without a query; <paramref name="changed"/> tells whether any row
    /// moved. False when only a reload can tell (a text search is on).
    /// </summary>
    public bool TryApply(IReadOnlyList<ConversationUpdate> updates, out bool changed)
    {
        changed = false;
        if (conditions is not { } matches) return false;
        foreach (var update in updates)
        {
            changed |= items.RemoveAll(i => i.Id == update.ConversationId) > 0;
            if (update.Conversation is not { } now || !Belongs(now.Row, matches)) continue;
            var item = now.ItemFor(Viewer);
            var at = items.FindIndex(i => InboxSorting.Precedes(item, i, Filter.Sort));
            // Past the last row while more pages wait: "load more" brings it in its place.
            if (at >= 0) items.Insert(at, item);
            else if (next is null) items.Add(item);
            else continue;
            changed = true;
        }
        if (items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            next = InboxSorting.CursorOf(items[^1], Filter.Sort);
        }
        if (changed) Shown();
        return true;
    }

    /// <summary>
    /// Applies one batch of live changes: patched in memory where it can, reloaded where only the database can tell (the
    /// first batch, a read mark, a text search). Returns whether the rows changed, so the view renders only then.
    /// </summary>
    public async Task<bool> ApplyAsync(Notifications.LiveBatch<ConversationUpdate> batch)
    {
        if (!batch.Reload && TryApply(batch.Items, out var changed)) return changed;
        await RefreshAsync();
        return true;
    }

    /// <summary>The list's rule in memory: the viewer may see it, it is in this list, it passes the filter (as far as known).</summary>
    private bool Belongs(Conversation row, IReadOnlyList<Func<Conversation, bool>>? matches) =>
        access.CanSee(row) && inList(row) && (matches?.All(c => c(row)) ?? true);

    private async Task LoadFirstAsync(int take)
    {
        var load = ++loads;
        var page = await query(Filter, null, take);
        if (load != loads) return;
        items.Clear();
        items.AddRange(page.Items);
        next = page.Next;
        Loaded = true;
        Shown();
    }

    private void Shown() => shown = items.Select(i => i.Id).ToHashSet();
}
