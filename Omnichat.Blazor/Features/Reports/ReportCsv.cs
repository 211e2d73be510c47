using System.Globalization;
using CsvHelper;

namespace Omnichat.Blazor.Features.Reports;

/// <summary>Writes a <see cref="ReportTable"/> as CSV: the same header and cells as on the page.</summary>
public static class ReportCsv
{
    /// <summary>
    /// Separated by the culture's list separator (a semicolon in Dutch, where the comma is the decimal sign), with a byte
    /// order mark, so a spreadsheet in the reader's language opens the file in columns with names intact.
    /// </summary>
    public static async Task WriteAsync(ReportTable table, CultureInfo culture, Stream output, CancellationToken ct = default)
    {
        var options = CsvWriterOptions.Default with
        {
            Separator = culture.TextInfo.ListSeparator is [var separator] ? separator : ',',
            WriteByteOrderMark = true,
        };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        csv.WriteHeader(table.Headers.ToArray());
        foreach (var row in table.Rows) await csv.WriteRecordAsync(row.ToArray(), ct);
        await csv.FlushAsync(ct);
    }

    public static string FileName(ReportTable table, ReportFilter filter) =>
        string.Create(CultureInfo.InvariantCulture, $"omnichat-{table.Key}-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv");
}
