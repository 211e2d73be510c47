using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Notifications;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Resources;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Resources;

/// <summary>Every user-visible string exists in English and in Dutch, and every key the code asks for exists.</summary>
public partial class ResourceCompletenessTests
{
    private static readonly ResourceManager Manager = new("Omnichat.Blazor.Resources.Strings", typeof(Strings).Assembly);

    private static Dictionary<string, string> Load(string culture) =>
        Manager.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static readonly Dictionary<string, string> English = Load("");
    private static readonly Dictionary<string, string> Dutch = Load("nl");

    [Fact]
    public void Every_key_exists_in_both_languages_with_text()
    {
        Assert.NotEmpty(English);
        Assert.Empty(English.Keys.Except(Dutch.Keys));
        Assert.Empty(Dutch.Keys.Except(English.Keys));
        Assert.Empty(English.Concat(Dutch).Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key));
    }

    [Fact]
    public void Format_placeholders_match_between_languages()
    {
        var mismatched = English.Keys.Where(key => Placeholders(English[key]) != Placeholders(Dutch[key])).ToList();
        Assert.Empty(mismatched);
    }

    [Fact]
    public void Every_key_used_in_the_components_exists()
    {
        var used = SourceFiles.Razor().SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, key => Assert.True(English.ContainsKey(key), $"{key} is missing"));
    }

    [Fact]
    public void Every_key_built_from_a_value_exists()
    {
        IEnumerable<string> keys =
        [
            .. Roles.All.Select(r => $"Role.{r}"),
            .. Enum.GetNames<AssignmentStrategy>().Select(s => $"Strategy.{s}"),
            .. Enum.GetNames<ChannelKind>().Select(k => $"Channel.{k}"),
            .. Enum.GetNames<DeliveryState>().Select(s => $"Delivery.{s}"),
            .. Enum.GetNames<NotificationKind>().Select(k => $"Notify.{k}"),
            .. Enum.GetNames<NotificationKind>().Select(k => $"Settings.Reason.{k}"),
            .. UserChatSettings.Sounds.Select(s => $"Sound.{s}"),
            .. Enum.GetNames<ConversationEventKind>().Select(k => $"Event.{k}"),
            .. LabelPalette.Colours.Select(c => $"Labels.Colour.{c.Key}"),
        ];
        Assert.All(keys, key => Assert.True(English.ContainsKey(key), $"{key} is missing"));
    }

    [Fact]
    public void Dutch_uses_the_guides_terms()
    {
        Assert.Equal("Beheer", Dutch["Nav.Admin"]);
        Assert.Equal("Wachtrijen", Dutch["Nav.Queues"]);
    }

    private static string Placeholders(string text) => string.Join(",", Placeholder().Matches(text).Select(m => m.Value).Order());

    [GeneratedRegex("""L\["([^"{}]+)"[\],]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
