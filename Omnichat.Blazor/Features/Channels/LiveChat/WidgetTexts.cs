using System.Globalization;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels.LiveChat;

/// <summary>
/// The widget's words, in the visitor's language: the site's language when the embed snippet names one
/// (data-language), else the browser's. The widget asks with <c>?culture=</c>, so refusals come in the same language.
/// </summary>
public static class WidgetTexts
{
    private static readonly string[] Keys =
    [
        "Open", "Close", "Title", "Connecting", "Offline", "Blocked", "NotAvailable", "Ended", "StartOver", "Name", "Email",
        "StartChat", "Placeholder", "Message", "Send", "AddFile", "Typing", "You", "Agent", "SurveyQuestion", "SurveyScore",
        "SurveyComment", "SurveyCommentLabel", "SurveySend", "SurveyThanks",
    ];

    public static IReadOnlyDictionary<string, string> For(IStringLocalizer<Strings> L) =>
        Keys.ToDictionary(key => key, key => L["Widget." + key].Value);

    /// <summary>The two-letter language the texts are in, for the widget's dates and times.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
