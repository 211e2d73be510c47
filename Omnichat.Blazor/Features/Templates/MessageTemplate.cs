namespace Omnichat.Blazor.Features.Templates;

/// <summary>A canned reply agents insert into the composer; placeholders are filled for the conversation at hand.</summary>
public class MessageTemplate
{
    public const int MaxNameLength = 100;
    public const int MaxBodyLength = 4000;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Category { get; set; } = "";

    /// <summary>Culture name of the language the body is written in ("en", "nl").</summary>
    public string Language { get; set; } = "en";

    public string Body { get; set; } = "";

    public const int MaxLanguageCodeLength = 15;
    public const int MaxContentSidLength = 34;

    /// <summary>
    /// The name of the approved WhatsApp template (Cloud API) to send instead when the 24-hour reply window has closed.
    /// Its body variables {{1}}, {{2}}, … take the placeholders of <see cref="Body"/> in order.
    /// </summary>
    public string? WhatsAppTemplateName { get; set; }

    /// <summary>The approved template's language code at Meta ("en_US", "nl"); <see cref="Language"/> when empty.</summary>
    public string? WhatsAppTemplateLanguage { get; set; }

    /// <summary>The same approved template as Twilio knows it: its Content SID (HX…).</summary>
    public string? TwilioContentSid { get; set; }
}
