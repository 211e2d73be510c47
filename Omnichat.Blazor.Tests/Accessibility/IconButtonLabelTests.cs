using System.Text.RegularExpressions;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Accessibility;

/// <summary>An icon without a label is a button a screen reader cannot name.</summary>
public partial class IconButtonLabelTests
{
    [Fact]
    public void Every_icon_button_has_an_accessible_label()
    {
        var buttons = SourceFiles.Razor()
            .SelectMany(file => IconButton().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Tag: m.Value)))
            .ToList();

        Assert.NotEmpty(buttons);
        Assert.All(buttons, button => Assert.True(Label().IsMatch(button.Tag), $"{button.File}: {button.Tag}"));
    }

    [GeneratedRegex(@"<MudIconButton\b.*?/>", RegexOptions.Singleline)]
    private static partial Regex IconButton();

    [GeneratedRegex(@"\b(aria-label|AriaLabel)=""[^""]+""")]
    private static partial Regex Label();
}
