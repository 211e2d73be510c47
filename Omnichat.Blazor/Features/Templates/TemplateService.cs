using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Templates;

public sealed record TemplateFilter(string? Category = null, string? Language = null, string? Search = null);

/// <summary>
/// What placeholders are filled with; an unknown (null) value leaves its placeholder for the agent to complete. An empty
/// contact name is a customer known only by number: the contact placeholders then drop out of the sentence ("Hello,"),
/// rather than greet a phone number. The contact's language, when known, is the one templates are offered in first.
/// </summary>
public sealed record TemplateContext(string? ContactName = null, string? AgentName = null, string? QueueName = null, string? ContactLanguage = null);

/// <summary>Managing templates (admins) and finding and filling them (agents in the composer).</summary>
public sealed partial class TemplateService(IDbContextFactory<OmnichatDbContext> dbFactory, IDbWriter writer, IStringLocalizer<Strings> L)
{
    public static readonly IReadOnlyList<string> Placeholders = ["{contact.name}", "{contact.first_name}", "{agent.name}", "{queue.name}"];

    private const int MaxSuggestions = 8;

    /// <summary>All templates; there are few enough that filtering happens in memory, as the agent types.</summary>
    public async Task<List<MessageTemplate>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MessageTemplates.AsNoTracking().OrderBy(t => t.Category).ThenBy(t => t.Name).ToListAsync(ct);
    }

    /// <summary>Creates (Id 0) or updates a template. Returns the problems in words an admin can act on; empty when saved.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(MessageTemplate input, CancellationToken ct = default)
    {
        var name = input.Name.Trim();
        var errors = new List<string>();
        if (name.Length == 0) errors.Add(L["Templates.Error.NameRequired"]);
        if (string.IsNullOrWhiteSpace(input.Body)) errors.Add(L["Templates.Error.BodyRequired"]);
        if (name.Length > MessageTemplate.MaxNameLength || input.Category.Trim().Length > MessageTemplate.MaxNameLength)
            errors.Add(L["Templates.Error.TooLong", MessageTemplate.MaxNameLength]);
        if (input.Body.Length > MessageTemplate.MaxBodyLength) errors.Add(L["Templates.Error.BodyTooLong", MessageTemplate.MaxBodyLength]);
        if (Optional(input.TwilioContentSid) is { } sid && !(sid.Length == MessageTemplate.MaxContentSidLength && sid.StartsWith("HX", StringComparison.Ordinal)))
            errors.Add(L["Templates.Error.ContentSid"]);
        if (Optional(input.WhatsAppTemplateLanguage) is { Length: > MessageTemplate.MaxLanguageCodeLength })
            errors.Add(L["Templates.Error.TooLong", MessageTemplate.MaxLanguageCodeLength]);
        if (errors.Count > 0) return errors;

        // Localized before the write: the writer's thread has no request culture.
        var duplicate = L["Templates.Error.Duplicate", name, input.Language].Value;
        var gone = L["Templates.Error.Gone"].Value;
        return await writer.WriteAsync<IReadOnlyList<string>>(async (db, token) =>
        {
            if (await db.MessageTemplates.AnyAsync(t => t.Name == name && t.Language == input.Language && t.Id != input.Id, token)) return [duplicate];

            var template = input.Id == 0 ? db.MessageTemplates.Add(new MessageTemplate()).Entity : await db.MessageTemplates.FindAsync([input.Id], token);
            if (template is null) return [gone];
            template.Name = name;
            template.Category = input.Category.Trim();
            template.Language = input.Language;
            template.Body = input.Body;
            template.WhatsAppTemplateName = Optional(input.WhatsAppTemplateName);
            template.WhatsAppTemplateLanguage = Optional(input.WhatsAppTemplateLanguage);
            template.TwilioContentSid = Optional(input.TwilioContentSid);
            await db.SaveChangesAsync(token);
            return [];
        }, ct);
    }

    public async Task DeleteAsync(int templateId, CancellationToken ct = default)
    {
        await writer.WriteAsync((db, token) => db.MessageTemplates.Where(t => t.Id == templateId).ExecuteDeleteAsync(token), ct);
    }

    /// <summary>Category and language must match exactly (null means any); the search looks in names and text.</summary>
    public static IEnumerable<MessageTemplate> Filter(IEnumerable<MessageTemplate> templates, TemplateFilter filter) =>
        templates.Where(t =>
            (string.IsNullOrEmpty(filter.Category) || t.Category == filter.Category)
            && (string.IsNullOrEmpty(filter.Language) || t.Language == filter.Language)
            && (string.IsNullOrWhiteSpace(filter.Search)
                || t.Name.Contains(filter.Search.Trim(), StringComparison.CurrentCultureIgnoreCase)
                || t.Body.Contains(filter.Search.Trim(), StringComparison.CurrentCultureIgnoreCase)));

    /// <summary>
    /// For the composer's inline trigger: when the text is "/" plus a word, the templates whose name matches it
    /// (spaces in names ignored, so "/openinghours" finds "Opening hours"); names starting with it and the preferred
    /// language come first. Anything else yields nothing.
    /// </summary>
    public static IReadOnlyList<MessageTemplate> Suggest(IEnumerable<MessageTemplate> templates, string? composerText, string? preferredLanguage)
    {
        if (composerText is not ['/', .. var term] || term.Any(char.IsWhiteSpace)) return [];
        return templates
            .Select(t => (Template: t, Position: CompactName(t).IndexOf(term, StringComparison.CurrentCultureIgnoreCase)))
            .Where(m => m.Position >= 0)
            .OrderBy(m => m.Position != 0)
            .ThenBy(m => m.Template.Language != preferredLanguage)
            .ThenBy(m => m.Template.Name, StringComparer.CurrentCultureIgnoreCase)
            .Take(MaxSuggestions)
            .Select(m => m.Template)
            .ToList();
    }

    /// <summary>
    /// Replaces the known placeholders; one without a value stays visible so the agent notices and fills it in. A
    /// contact placeholder for a customer without a name is left out, with the space before it.
    /// </summary>
    public static string Fill(string body, TemplateContext context)
    {
        var filled = PlaceholderPattern().Replace(body, match =>
        {
            var value = match.Groups[1].Value.ToLowerInvariant() switch
            {
                "contact.name" => context.ContactName,
                "contact.first_name" => context.ContactName?.Trim().Split(' ', 2)[0],
                "agent.name" => context.AgentName,
                "queue.name" => context.QueueName,
                _ => null,
            };
            if (value is "") return LeftOut.ToString();
            return string.IsNullOrWhiteSpace(value) ? match.Value : value.Trim();
        });
        return filled.Contains(LeftOut) ? LeftOutWithSpace().Replace(filled, "") : filled;
    }

    /// <summary>Marks where a placeholder dropped out, until the spacing around it is tidied.</summary>
    private const char LeftOut = '\u0001';

    /// <summary>
    /// The values of the body's placeholders in order of appearance: the parameters {{1}}, {{2}}, … of the approved
    /// WhatsApp template. Null where a value is unknown, since WhatsApp refuses an empty parameter.
    /// </summary>
    public static IReadOnlyList<string?> Values(string body, TemplateContext context) =>
        PlaceholderPattern().Matches(body).Select(match => Fill(match.Value, context) is { Length: > 0 } filled && filled != match.Value ? filled : null).ToList();

    /// <summary>Whether the template names an approved WhatsApp template at <paramref name="provider"/>.</summary>
    public static bool IsApprovedFor(MessageTemplate template, Channels.ChannelProvider provider) => provider switch
    {
        Channels.ChannelProvider.Meta => !string.IsNullOrEmpty(template.WhatsAppTemplateName),
        Channels.ChannelProvider.Twilio => !string.IsNullOrEmpty(template.TwilioContentSid),
        _ => false,
    };

    /// <summary>The language's own name ("Nederlands"), or the code when the culture is unknown.</summary>
    public static string LanguageName(string code)
    {
        try
        {
            var native = CultureInfo.GetCultureInfo(code).NativeName;
            return native.Length > 0 ? char.ToUpper(native[0], CultureInfo.CurrentCulture) + native[1..] : code;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    private static string CompactName(MessageTemplate template) => string.Concat(template.Name.Where(c => !char.IsWhiteSpace(c)));

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"\{(contact\.name|contact\.first_name|agent\.name|queue\.name)\}", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderPattern();

    /// <summary>A dropped placeholder with the blank before it ("Hello {contact.first_name}," → "Hello,"), or after it at the start of a line.</summary>
    [GeneratedRegex(@"[ \t]*\u0001|(?<=^|\n)\u0001[ \t]*")]
    private static partial Regex LeftOutWithSpace();
}
