using Microsoft.AspNetCore.Components;

namespace Omnichat.Blazor.Features.Labels;

/// <summary>
/// A label as a small chip in its palette colour, drawn as plain markup with MudBlazor's chip classes: inbox rows that
/// every console keeps open show it without a component per chip (see <see cref="Components.InlineIcon"/>).
/// </summary>
public static class LabelChip
{
    public static RenderFragment Markup(LabelTag label) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "mud-chip mud-chip-filled mud-chip-size-small ma-0 label-chip");
        builder.AddAttribute(2, "style", $"background-color:{label.Background};color:{LabelPalette.Text}");
        builder.AddAttribute(3, "data-testid", "label-chip");
        builder.AddAttribute(4, "data-label", label.Name);
        builder.OpenElement(5, "span");
        builder.AddAttribute(6, "class", "mud-chip-content");
        builder.AddContent(7, label.Name);
        builder.CloseElement();
        builder.CloseElement();
    };
}
