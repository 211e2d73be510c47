namespace Omnichat.Blazor.Features.Contacts;

/// <summary>The languages a contact can be marked with: those the console and most templates are written in.</summary>
public static class ContactLanguages
{
    private static readonly string[] Common = ["nl", "en", "de", "fr", "es", "it", "pt", "pl", "tr", "ar"];

    /// <summary>The common languages, and the contact's own when it is another.</summary>
    public static IReadOnlyList<string> Offered(string? current) =>
        string.IsNullOrEmpty(current) || Common.Contains(current) ? Common : [current, .. Common];
}
