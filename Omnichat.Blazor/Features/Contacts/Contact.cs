using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Contacts;

public enum IdentityKind
{
    Phone,
    WhatsApp,
    Messenger,
    Email,
    LiveChatVisitor,
}

public class Contact
{
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 4000;
    public const int MaxLanguageLength = 8;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>False for a sender nobody has added yet: their chats offer Add contact / Reply / Ignore.</summary>
    public bool IsSaved { get; set; }

    /// <summary>The language the customer writes in (ISO 639-1, e.g. "nl"); templates open on it.</summary>
    public string? Language { get; set; }

    /// <summary>What the team wants to remember about this person.</summary>
    public string? Notes { get; set; }

    public DateTime CreatedAt { get; set; }
    public List<ContactIdentity> Identities { get; set; } = [];

    /// <summary>Everything this person wrote about, on every channel: their interaction history.</summary>
    public List<Conversation> Conversations { get; set; } = [];
}

/// <summary>One address a contact writes from (phone number, WhatsApp id, Messenger id, e-mail, visitor id).</summary>
public class ContactIdentity
{
    public int Id { get; set; }
    public int ContactId { get; set; }
    public IdentityKind Kind { get; set; }
    public string Value { get; set; } = "";
}
