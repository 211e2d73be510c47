using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Omnichat.Blazor.Components;

/// <summary>
/// A MudBlazor icon drawn as plain markup, with MudIcon's classes. For what is repeated in every row of a list that every
/// console keeps open: each component costs the server its own render trees for as long as the console is open.
/// </summary>
public static class InlineIcon
{
    /// <param name="icon">One of MudBlazor's <c>Icons</c> constants: SVG elements, never user input.</param>
    /// <param name="classes">MudIcon's size and colour classes, for example <c>mud-icon-size-small mud-chip-icon</c>.</param>
    /// <param name="title">Read out and shown on hover; without one the icon is decoration and hidden from screen readers.</param>
    /// <param name="attributes">Further attributes, such as test ids.</param>
    public static RenderFragment Svg(string icon, string classes, string? title = null,
        IEnumerable<KeyValuePair<string, object>>? attributes = null) => builder => Render(builder, icon, classes, title, attributes);

    private static void Render(RenderTreeBuilder builder, string icon, string classes, string? title, IEnumerable<KeyValuePair<string, object>>? attributes)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", "mud-icon-root mud-svg-icon " + classes);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "role", "img");
        if (title is null) builder.AddAttribute(5, "aria-hidden", "true");
        builder.AddMultipleAttributes(6, attributes);
        if (title is not null)
        {
            builder.OpenElement(7, "title");
            builder.AddContent(8, title);
            builder.CloseElement();
        }
        builder.AddMarkupContent(9, icon);
        builder.CloseElement();
    }
}
