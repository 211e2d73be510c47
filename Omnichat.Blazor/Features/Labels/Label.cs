using System.Collections;
using System.Runtime.CompilerServices;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Labels;

/// <summary>A tag admins define (such as "billing" or "VIP") that agents put on conversations to sort and find them.</summary>
public class Label
{
    public const int MaxNameLength = 50;

    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>A key of <see cref="LabelPalette"/>; never a free colour, so every chip stays readable.</summary>
    public string Colour { get; set; } = LabelPalette.Default;
}

/// <summary>A label on a conversation.</summary>
public class ConversationLabel
{
    public long ConversationId { get; set; }
    public int LabelId { get; set; }
    public Label Label { get; set; } = null!;
}

/// <summary>A label as chips show it.</summary>
public sealed record LabelTag(int Id, string Name, string Colour)
{
    public string Background => LabelPalette.Background(Colour);
}

/// <summary>
/// The labels on a conversation, by name, equal to any other holding the same labels. A list row (a record) holding
/// them is then equal to the same row read again, so a table keyed by its rows keeps an unchanged row on a live
/// reload instead of rebuilding it, and a menu the agent opened in it stays open.
/// </summary>
[CollectionBuilder(typeof(LabelTags), nameof(Create))]
public sealed class LabelTags : IReadOnlyList<LabelTag>, IEquatable<LabelTags>
{
    public static readonly LabelTags None = new([]);

    private readonly LabelTag[] tags;

    private LabelTags(LabelTag[] tags) => this.tags = tags;

    public static LabelTags Create(ReadOnlySpan<LabelTag> tags) => tags.IsEmpty ? None : new(tags.ToArray());

    public static LabelTags Of(IEnumerable<LabelTag> tags) => Create([.. tags]);

    public LabelTag this[int index] => tags[index];
    public int Count => tags.Length;
    public IEnumerator<LabelTag> GetEnumerator() => ((IEnumerable<LabelTag>)tags).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(LabelTags? other) => other is not null && tags.AsSpan().SequenceEqual(other.tags);
    public override bool Equals(object? obj) => Equals(obj as LabelTags);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var tag in tags) hash.Add(tag);
        return hash.ToHashCode();
    }
}
