using System.Globalization;
using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Reports;

public static class ReportsFeature
{
    /// <summary>Reports are for those who review the team's work.</summary>
    public const string ReaderRoles = $"{Roles.Supervisor},{Roles.Admin}";

    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/export/{table}.csv", ExportAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.Admin));
        return app;
    }

    /// <summary>One report table as CSV, for the filter and time zone in the query string (as the page links it).</summary>
    private static async Task<IResult> ExportAsync(string table, HttpContext http, ReportService reports, IStringLocalizer<Strings> L, CancellationToken ct)
    {
        if (!ReportTables.Keys.Contains(table)) return Results.NotFound();
        if (ReportFilter.TryParse(http.Request.Query) is not { } parsed) return Results.BadRequest(L["Reports.BadFilter"].Value);
        var (filter, zone) = parsed;

        var culture = CultureInfo.CurrentCulture;
        var result = await reports.BuildAsync(filter, zone, ct);
        var built = ReportTables.Build(table, result, L, culture);
        var csv = new MemoryStream();
        await ReportCsv.WriteAsync(built, culture, csv, ct);
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(csv.ToArray(), "text/csv; charset=utf-8", ReportCsv.FileName(built, filter));
    }
}
