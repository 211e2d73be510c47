using System.Net;
using AngleSharp.Html.Parser;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Reports;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Satisfaction;
using Omnichat.Blazor.Features.Users;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Reports;

/// <summary>The reports page as a supervisor gets it over HTTP, its CSV downloads, and an agent's way in (there is none).</summary>
public sealed class ReportsPageTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly TestWorld world = app.World;
    private Viewer agent = default!, supervisor = default!;
    private string agentName = "";

    public async Task InitializeAsync()
    {
        agentName = $"Reporting Agent {Guid.NewGuid():N}"[..28];
        agent = await world.UserAsync(name: agentName);
        supervisor = await world.UserAsync(Roles.Supervisor);
        var channel = await world.ChannelForAsync(AssignmentStrategy.All, agent);
        // One conversation the agent answered and dealt with, one still waiting for anyone.
        var answered = await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
        Assert.Equal(Omnichat.Blazor.Features.Conversations.Outcome.Done, (await world.Lifecycle.ReplyAsync(answered.ConversationId, agent, "Hello, how can I help?")).Outcome);
        Assert.Equal(Omnichat.Blazor.Features.Conversations.Outcome.Done, await world.Lifecycle.MarkDealtWithAsync(answered.ConversationId, agent));
        // The customer rated it 5.
        await app.Factory.Services.GetRequiredService<IDbWriter>().WriteAsync((db, token) =>
        {
            db.SatisfactionRatings.Add(new SatisfactionRating
            {
                ConversationId = answered.ConversationId, Score = 5, RatedAt = DateTime.UtcNow, Channel = ChannelKind.Sms,
            });
            return db.SaveChangesAsync(token);
        });
        await world.CustomerWritesAsync(channel, TestWorld.NewPhone());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> SignedInAsync(Viewer user) =>
        await HttpSignIn.SignedInAsync(app.Factory, (await world.ProfileAsync(user)).Email);

    [Fact]
    public async Task Every_table_downloads_as_CSV_with_the_same_columns_and_values_as_on_the_page()
    {
        var client = await SignedInAsync(supervisor);
        var page = await client.GetAsync("/reports");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());

        foreach (var key in ReportTables.Keys)
        {
            var table = document.QuerySelector($"[data-testid=report-table-{key}]")!;
            var shown = table.QuerySelectorAll("tr").Select(row => row.QuerySelectorAll("th, td").Select(cell => cell.TextContent.Trim()).ToList()).ToList();
            var link = table.QuerySelector($"[data-testid=report-export-{key}]")!.GetAttribute("href")!;

            var download = await client.GetAsync("/" + link);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(shown, ReadCsv(await download.Content.ReadAsStringAsync()));
        }

        // The agent's row shows what happened: the one they answered; the one still waiting is nobody's yet.
        var agents = document.QuerySelector("[data-testid=report-table-agents]")!.QuerySelectorAll("tr")
            .Single(row => row.TextContent.Contains(agentName)).QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToList();
        Assert.Equal("1", agents[1]);
        Assert.Matches(@"^0:0\d:\d\d$", agents[2]);
        // Their satisfaction row: one dealt with, one rating of 5, so every rating satisfied.
        var satisfaction = document.QuerySelector("[data-testid=report-table-satisfaction]")!.QuerySelectorAll("tr")
            .Single(row => row.TextContent.Contains(agentName)).QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToList();
        Assert.Equal(["1", "1"], satisfaction[1..3]);
        Assert.Matches(@"^5[.,]00$", satisfaction[4]);
        Assert.Matches(@"^100[.,]0\s?%$", satisfaction[5]);
    }

    private static List<List<string>> ReadCsv(string text)
    {
        using var csv = CsvReader.Create(new StringReader(text), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<List<string>>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "").ToList());
        return rows;
    }

    [Fact]
    public async Task Agents_are_refused_the_page_and_the_export_and_see_no_menu_entry()
    {
        var agentClient = await SignedInAsync(agent);
        var supervisorClient = await SignedInAsync(supervisor);
        const string export = "/reports/export/days.csv?from=2026-01-01&to=2026-01-31&tz=UTC";

        Assert.NotEqual(HttpStatusCode.OK, (await agentClient.GetAsync("/reports")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await agentClient.GetAsync(export)).StatusCode);
        Assert.DoesNotContain("data-testid=\"nav-reports\"", await agentClient.GetStringAsync("/settings/chat"));

        Assert.Equal(HttpStatusCode.OK, (await supervisorClient.GetAsync(export)).StatusCode);
        Assert.Contains("data-testid=\"nav-reports\"", await supervisorClient.GetStringAsync("/settings/chat"));
    }

    [Fact]
    public async Task A_filter_the_export_cannot_read_is_refused_with_a_reason()
    {
        var client = await SignedInAsync(supervisor);

        var response = await client.GetAsync("/reports/export/days.csv?from=2026-02-01&to=2026-01-01&tz=UTC");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("yyyy-MM-dd", await response.Content.ReadAsStringAsync());
    }
}
