namespace Omnichat.Blazor.Features.Files;

/// <summary>A validated file kept on disk under <see cref="StorageName"/>, belonging to one conversation.</summary>
public class StoredFile
{
    public long Id { get; set; }
    public long ConversationId { get; set; }

    /// <summary>The message that carries the file, once it is sent or received.</summary>
    public long? MessageId { get; set; }

    /// <summary>The sender's name for the file; shown and used for downloads, never as a path.</summary>
    public string OriginalName { get; set; } = "";

    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";

    /// <summary>Random name on disk, so nothing about the file can be guessed or reached from its name.</summary>
    public string StorageName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
