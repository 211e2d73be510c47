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
