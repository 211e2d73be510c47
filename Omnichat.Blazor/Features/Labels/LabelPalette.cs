namespace Omnichat.Blazor.Features.Labels;

/// <summary>
/// The colours a label can have: dark enough that white text on them keeps a contrast of at least 4.5:1 (WCAG AA for
/// normal text), so a chip is readable whatever colour an admin picks.
/// </summary>
public static class LabelPalette
{
    public const string Default = "blue";
    public const string Text = "#ffffff";

    /// <summary>Key and background, in the order the admin page offers them.</summary>
    public static readonly IReadOnlyList<(string Key, string Background)> Colours =
    [
        ("blue", "#1565c0"),
        ("indigo", "#3949ab"),
        ("purple", "#6a1b9a"),
        ("pink", "#ad1457"),
        ("red", "#c62828"),
        ("orange", "#bf360c"),
        ("brown", "#6d4c41"),
        ("green", "#2e7d32"),
        ("teal", "#00695c"),
        ("grey", "#546e7a"),
    ];

    public static bool IsKnown(string? key) => Colours.Any(c => c.Key == key);

    /// <summary>The background of <paramref name="key"/>; the default's for a key no longer offered.</summary>
    public static string Background(string? key) => Colours.FirstOrDefault(c => c.Key == key).Background ?? Colours[0].Background;

    /// <summary>The WCAG contrast ratio of two "#rrggbb" colours, from 1 (none) to 21 (black on white).</summary>
    public static double Contrast(string first, string second)
    {
        var (a, b) = (Luminance(first), Luminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static double Luminance(string hex)
    {
        static double Channel(string hex, int at)
        {
            var value = Convert.ToInt32(hex.Substring(at, 2), 16) / 255.0;
            return value <= 0.03928 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(hex, 1) + 0.7152 * Channel(hex, 3) + 0.0722 * Channel(hex, 5);
    }
}
