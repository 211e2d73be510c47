namespace Omnichat.Blazor.Data;

public sealed class OmnichatOptions
{
    public const string Section = "Omnichat";

    /// <summary>Folder for the SQLite database, data-protection keys and stored files; relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The address customers and providers reach this console at; providers sign webhooks against it.</summary>
    public string? PublicBaseUrl { get; set; }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
