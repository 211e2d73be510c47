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

    /// <summary>The approved WhatsApp template to send instead when the 24-hour reply window has closed.</summary>
    public string? WhatsAppTemplateName { get; set; }
}
