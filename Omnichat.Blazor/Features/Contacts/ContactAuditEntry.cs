namespace Omnichat.Blazor.Features.Contacts;

public enum ContactAuditKind
{
    /// <summary>Erased with all their data on request (GDPR).</summary>
    Erased,
    /// <summary>Merged into another contact.</summary>
    Merged,
}

/// <summary>
/// Who erased or merged which contact, and when. Holds ids and counts only, never a name, an address or what was said,
/// so it may outlive the contact it speaks of.
/// </summary>
public class ContactAuditEntry
{
    public long Id { get; set; }
    public ContactAuditKind Kind { get; set; }
    public int ContactId { get; set; }

    /// <summary>For a merge: the contact that holds everything now.</summary>
    public int? MergedIntoId { get; set; }

    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public DateTime At { get; set; }
    public int Conversations { get; set; }
    public int Messages { get; set; }
    public int Files { get; set; }
    public int Identities { get; set; }
}
