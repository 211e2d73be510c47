using MudBlazor;

namespace Omnichat.Blazor.Components.Layout;

/// <summary>The house theme, shared by the console and the account pages.</summary>
public static class OmnichatTheme
{
    // One theme for all consoles: each palette holds a few hundred objects. Secondary and warning are darker than
    // MudBlazor's pink and orange so their text reaches 4.5:1 on white (WCAG AA); white on them does too.
    public static readonly MudTheme Default = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            AppbarBackground = "#3949ab",
            Secondary = "#c2185b",
            Warning = "#b45309",
        },
    };
}
