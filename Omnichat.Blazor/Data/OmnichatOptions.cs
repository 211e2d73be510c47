namespace Omnichat.Blazor.Data;

public sealed class OmnichatOptions
{
    public const string Section = "Omnichat";

    /// <summary>Folder for the SQLite database, data-protection keys and stored files; relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The address customers and providers reach this console at; providers sign webhooks against it.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Optional PKCS#12 (.pfx) certificate that encrypts the data-protection keys in <c>keys/</c> at rest. Keep it
    /// outside the data folder; without it the keys, and so channel secrets and sign-ins, cannot be read.
    /// </summary>
    public string? KeyCertificate { get; set; }

    public string? KeyCertificatePassword { get; set; }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
