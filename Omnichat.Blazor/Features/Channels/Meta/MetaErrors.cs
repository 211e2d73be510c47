namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>Graph API and WhatsApp error codes in words an agent can act on.</summary>
public static class MetaErrors
{
    private static readonly Dictionary<(int Code, int? Subcode), string> Known = new()
    {
        [(131047, null)] = "More than 24 hours have passed since the customer last replied: only an approved template can be sent.",
        [(10, 2018278)] = "Outside the allowed window: the customer last wrote more than 24 hours ago.",
        [(551, null)] = "This person isn't available on Messenger right now.",
        [(190, null)] = "The access token is invalid or has expired: update it on the channel.",
        [(131026, null)] = "The message could not be delivered: the number may not be on WhatsApp, or must accept new terms first.",
        [(131049, null)] = "Meta held this message back to limit how many such messages the customer gets.",
        [(131051, null)] = "WhatsApp does not support this kind of message.",
        [(131052, null)] = "The customer's file could not be downloaded from WhatsApp.",
        [(131053, null)] = "The file could not be uploaded to WhatsApp.",
        [(131021, null)] = "The recipient is this channel's own number.",
        [(368, null)] = "Meta has temporarily blocked this sender for a policy violation.",
    };

    /// <summary>Graph codes that mean "not now": the service was busy or limiting calls, so trying later can succeed.</summary>
    private static readonly HashSet<int> TryLater = [1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131016, 131056];

    public static bool IsTransient(int code) => TryLater.Contains(code);

    /// <summary>Our words for the code, or Meta's title for one we do not know, with the code for support.</summary>
    public static string Describe(int code, int? subcode, string? metaTitle)
    {
        var words = Known.GetValueOrDefault((code, subcode)) ?? Known.GetValueOrDefault((code, null))
                    ?? (string.IsNullOrWhiteSpace(metaTitle) ? "Meta refused the message." : metaTitle.Trim());
        return $"{words} (Meta error {code}{(subcode is { } sub ? $"/{sub}" : "")})";
    }
}
