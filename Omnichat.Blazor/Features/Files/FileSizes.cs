namespace Omnichat.Blazor.Features.Files;

public static class FileSizes
{
    /// <summary>Decimal, as the providers count: a limit of "5 MB" never lets through a file they would bounce.</summary>
    public const long Megabyte = 1_000_000;

    public static string Format(long bytes) => bytes switch
    {
        >= Megabyte => $"{bytes / (double)Megabyte:0.#} MB",
        >= 1_000 => $"{bytes / 1_000.0:0.#} KB",
        _ => $"{bytes} B",
    };

    /// <summary>
    /// Copies at most <paramref name="maxBytes"/> from <paramref name="source"/>, feeding <paramref name="hash"/> if given.
    /// Returns the bytes copied, or null when the source holds more (the copy then stops early).
    /// </summary>
    public static async Task<long?> CopyAtMostAsync(Stream source, Stream destination, long maxBytes, System.Security.Cryptography.IncrementalHash? hash, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes) return null;
            hash?.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }
}
