using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Omnichat.Blazor.Features.Contacts;

public sealed class ContactsOptions
{
    public const string Section = "Omnichat:Contacts";

    /// <summary>Where a number typed without a country code is taken to be from (ISO 3166 code, e.g. NL).</summary>
    public string DefaultRegion { get; set; } = "NL";
}

/// <summary>
/// Contact addresses in one stored form; phone numbers in E.164 (+31687654322), whichever way they were typed or received, so the same person on
/// SMS and on WhatsApp is one contact and a number typed in local format (0687654322) finds them.
/// </summary>
public sealed class ContactAddresses(IOptions<ContactsOptions> options)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Identities that are phone numbers: the same number on either is the same person.</summary>
    public static bool IsPhone(IdentityKind kind) => kind is IdentityKind.Phone or IdentityKind.WhatsApp;

    /// <summary>The number in E.164, or null when the text is not a possible phone number.</summary>
    public string? ToE164(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.Any(char.IsDigit) || text.Any(char.IsLetter)) return null;
        try
        {
            var number = Util.Parse(text.Trim(), options.Value.DefaultRegion);
            return Util.IsPossibleNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The digits of the number as dialled at home (0687654322), or null when it has no national form.</summary>
    public static string? LocalDigits(string e164)
    {
        try
        {
            var national = Util.Format(Util.Parse(e164, null), PhoneNumberFormat.NATIONAL);
            return new string(national.Where(char.IsDigit).ToArray()) is { Length: > 0 } digits ? digits : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>How a person reads the number: +31 6 87654322.</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>
    /// The stored form of an identity: phone numbers in E.164, e-mail addresses in lower case, anything else trimmed.
    /// Null when a phone number is not one.
    /// </summary>
    public string? Normalize(IdentityKind kind, string value) => kind switch
    {
        _ when IsPhone(kind) => ToE164(value),
        IdentityKind.Email => value.Trim().ToLowerInvariant() is { Length: > 0 } mail && mail.Contains('@') ? mail : null,
        _ => value.Trim() is { Length: > 0 } trimmed ? trimmed : null,
    };
}
