using MudBlazor;

namespace Omnichat.Blazor.Components.Layout;

/// <summary>The house theme, shared by the console and the account pages.</summary>
public static class OmnichatTheme
{
    // One theme for all consoles: each palette holds a few hundred objects. The colours are darker than MudBlazor's
    // (pink, orange, light blue, bright green, grey text) so text in them reaches 4.5:1 on white and on a highlighted
    // row (WCAG AA), and white text on them does too.
    public static readonly MudTheme Default = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            AppbarBackground = "#3949ab",
            Secondary = "#c2185b",
            Warning = "#b45309",
            Info = "#1565c0",
            Success = "#2e7d32",
            Error = "#c62828",
            TextSecondary = "#595959",
        },
    };
}
