namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The rows a list component shows (Recent or Archive), its filter and keyset cursor. Live refreshes reload as many
/// rows as are on screen, so a change never collapses a list the agent has scrolled open.
/// </summary>
public sealed class ConversationList(Func<InboxFilter, InboxCursor?, int, Task<InboxPage>> query)
{
    private readonly List<InboxItem> items = [];

    public InboxFilter Filter { get; private set; } = new();
    public IReadOnlyList<InboxItem> Items => items;
    public bool Loaded { get; private set; }
    public bool HasMore => next is not null;
    private InboxCursor? next;

    public Task LoadAsync() => LoadFirstAsync(InboxQuery.PageSize);

    public Task RefreshAsync() => LoadFirstAsync(Math.Max(InboxQuery.PageSize, items.Count));

    public Task FilterAsync(InboxFilter filter)
    {
        Filter = filter;
        return LoadAsync();
    }

    public async Task LoadMoreAsync()
    {
        if (next is null) return;
        var page = await query(Filter, next, InboxQuery.PageSize);
        items.AddRange(page.Items);
        next = page.Next;
    }

    private async Task LoadFirstAsync(int take)
    {
        var page = await query(Filter, null, take);
        items.Clear();
        items.AddRange(page.Items);
        next = page.Next;
        Loaded = true;
    }
}
