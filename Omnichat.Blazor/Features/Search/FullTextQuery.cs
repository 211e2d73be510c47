using System.Text;
using Omnichat.Blazor.Features.Contacts;

namespace Omnichat.Blazor.Features.Search;

/// <summary>
/// What a person typed, as an FTS5 MATCH expression: every word must occur, the last may be the start of one (it is
/// still being typed). A phone number in any format finds both its international form (how addresses are stored) and
/// its local one (how people write it in messages), as well as the digits as typed. Every word is quoted, so no input
/// is read as FTS5 syntax.
/// </summary>
public static class FullTextQuery
{
    /// <summary>Highlight markers that never occur in text a person typed; the snippet's matches sit between them.</summary>
    public const char MatchStart = '\u0002', MatchEnd = '\u0003';

    /// <summary>Null when the text holds no word to search for.</summary>
    public static string? From(string? text, ContactAddresses addresses)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // Words as the index's tokenizer cuts them: runs of letters and digits.
        var words = Words(text).ToList();
        if (words.Count == 0) return null;
        var typed = string.Join(' ', words.Select((word, i) => i == words.Count - 1 ? Quote(word) + "*" : Quote(word)));
        // Digits that may be a phone number may also be an order number: either is found.
        if (!LooksLikePhoneNumber(text) || addresses.ToE164(text) is not { } e164) return typed;
        var forms = new[] { e164.TrimStart('+'), ContactAddresses.LocalDigits(e164) }.OfType<string>().Distinct().Select(Quote);
        return $"({typed}) OR {string.Join(" OR ", forms)}";
    }

    private static bool LooksLikePhoneNumber(string text) =>
        text.Count(char.IsDigit) >= 6 && text.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');

    private static string Quote(string word) => '"' + word.Replace("\"", "\"\"") + '"';

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) word.Append(c);
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
        if (word.Length > 0) yield return word.ToString();
    }
}
