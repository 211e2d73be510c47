using MudBlazor;

namespace Omnichat.Blazor.Components.Layout;

/// <summary>The house theme, shared by the console and the account pages.</summary>
public static class OmnichatTheme
{
    // One theme for all consoles: each palette holds a few hundred objects.
    public static readonly MudTheme Default = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3949ab", AppbarBackground = "#3949ab" },
    };
}
