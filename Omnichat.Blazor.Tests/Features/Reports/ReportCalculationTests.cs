using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Reports;
using Omnichat.Blazor.Tests.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Reports;

/// <summary>The report's figures on <see cref="ReportDataset"/>, worked out by hand, read through the metrics the triggers keep.</summary>
public sealed class ReportCalculationTests : IAsyncLifetime
{
    private SqliteTestDatabase database = default!;
    private readonly ReportDataset data = new();
    private ReportService reports = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteTestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext()) await data.SeedAsync(db);
        reports = new ReportService(database, new FakeTimeProvider(ReportDataset.Now));
    }

    public Task DisposeAsync()
    {
        database.Delete();
        return Task.CompletedTask;
    }

    private Task<ReportResult> ReportAsync(ReportFilter? filter = null) => reports.BuildAsync(filter ?? ReportDataset.TwoDays, ReportDataset.Amsterdam);

    [Fact]
    public async Task Counts_the_customer_conversations_that_started_on_the_days_in_the_readers_time_zone()
    {
        var report = (await ReportAsync()).Report;

        // Sunday 23:50 and Wednesday 00:30 in Amsterdam fall outside; deleted and internal never count.
        Assert.Equal(7, report.Total.Conversations);
        Assert.Equal([(new DateOnly(2026, 3, 2), 4), (new DateOnly(2026, 3, 3), 3)], report.Days.Select(d => (d.Key, d.Conversations)));
    }

    [Fact]
    public async Task First_response_median_and_p90_run_from_the_customers_first_message_to_the_first_agent_message()
    {
        var total = (await ReportAsync()).Report.Total;

        // Answered after 60, 120, 300, 1200 and 1800 s; the automatic message does not count, unanswered ones are left out.
        Assert.Equal(5, total.FirstResponse.Count);
        Assert.Equal(300, total.FirstResponse.MedianSeconds);
        // Rank 0.9 × 4 = 3.6: 1200 + 0.6 × (1800 − 1200).
        Assert.Equal(1560, total.FirstResponse.P90Seconds!.Value, precision: 6);
    }

    [Fact]
    public async Task Resolution_counts_conversations_dealt_with_or_ended_now_from_their_start()
    {
        var total = (await ReportAsync()).Report.Total;

        // 3600 and 10800 s dealt with, 7200 s ended; the one reopened after being dealt with is not resolved.
        Assert.Equal(3, total.Resolution.Count);
        Assert.Equal(7200, total.Resolution.MedianSeconds);
        // Rank 0.9 × 2 = 1.8: 7200 + 0.8 × (10800 − 7200).
        Assert.Equal(10080, total.Resolution.P90Seconds!.Value, precision: 6);
    }

    [Fact]
    public async Task Within_target_share_counts_answered_in_time_against_answered_and_overdue_in_queues_with_a_target()
    {
        var report = (await ReportAsync()).Report;

        // Support (10 minutes): 60, 120 and 300 s in time; 1200 s late; one never answered. The ignored one and Sales are not measured.
        Assert.Equal(new TargetShare(3, 5), report.Total.WithinTarget);
        Assert.Equal(0.6, report.Total.WithinTarget.Share);
        Assert.Null(report.Queues.Single(q => q.Key == data.SalesQueueId).WithinTarget.Share);
    }

    [Fact]
    public async Task The_heatmap_counts_starts_per_local_weekday_and_hour()
    {
        var heatmap = (await ReportAsync()).Report.Heatmap;

        Assert.Equal(1, heatmap[0, 0]);   // Monday 00:30
        Assert.Equal(2, heatmap[0, 9]);   // Monday 09:00 and 09:30
        Assert.Equal(1, heatmap[0, 14]);
        Assert.Equal(2, heatmap[1, 10]);  // Tuesday 10:00 and 10:10
        Assert.Equal(1, heatmap[1, 23]);
        Assert.Equal(7, heatmap.Cast<int>().Sum());
    }

    [Fact]
    public async Task Rows_per_agent_and_per_queue_and_the_filters_narrow_every_figure()
    {
        var result = await ReportAsync();

        Assert.Equal([(data.Anna, 3), (data.Bram, 2), (null, 2)], result.Report.Agents.Select(a => (a.Key, a.Conversations)));
        Assert.Equal("Anna", result.AgentNames[data.Anna]);
        Assert.Equal([(data.SupportQueueId, 6), (data.SalesQueueId, 1)], result.Report.Queues.Select(q => (q.Key, q.Conversations)));

        var bram = (await ReportAsync(ReportDataset.TwoDays with { AgentId = data.Bram })).Report.Total;
        Assert.Equal(2, bram.Conversations);
        Assert.Equal(1500, bram.FirstResponse.MedianSeconds);
        var sales = (await ReportAsync(ReportDataset.TwoDays with { QueueId = data.SalesQueueId })).Report.Total;
        Assert.Equal(1, sales.Conversations);
        Assert.Equal(0, (await ReportAsync(ReportDataset.TwoDays with { Channel = ChannelKind.WhatsApp })).Report.Total.Conversations);
    }

    [Fact]
    public async Task Satisfaction_counts_the_ratings_of_the_periods_conversations_with_average_csat_share_and_response_rate()
    {
        var satisfaction = (await ReportAsync()).Report.Total.Satisfaction;

        // Rated 5, 4 and 2. The 1 given on Monday to Sunday's conversation and the one on a deleted conversation stay out.
        Assert.Equal([0, 1, 0, 1, 1], satisfaction.Distribution);
        Assert.Equal(3, satisfaction.Ratings);
        Assert.Equal(11 / 3.0, satisfaction.Average!.Value, precision: 9);
        // 4 and 5 are satisfied: two of three.
        Assert.Equal(2 / 3.0, satisfaction.Csat!.Value, precision: 9);
        // Four were dealt with or ended at least once (one reopened since, not rated): three ratings of four.
        Assert.Equal(4, satisfaction.Closed);
        Assert.Equal(0.75, satisfaction.ResponseRate);
    }

    [Fact]
    public async Task Satisfaction_per_agent_goes_to_the_conversations_owner_and_is_empty_without_ratings()
    {
        var agents = (await ReportAsync()).Report.Agents.ToDictionary(a => a.Key ?? "", a => a.Satisfaction);

        static (int Closed, int Ratings, double? Average, double? Csat, double? ResponseRate) Figures(SatisfactionStats s) =>
            (s.Closed, s.Ratings, s.Average, s.Csat, s.ResponseRate);

        // Anna: 5 and 4 on her two dealt with. Bram: 2 on the ended one, none on the reopened one. Nobody's: nothing closed or rated.
        Assert.Equal((2, 2, 4.5, 1.0, 1.0), Figures(agents[data.Anna]));
        Assert.Equal((2, 1, 2.0, 0.0, 0.5), Figures(agents[data.Bram]));
        Assert.Equal((0, 0, null, null, null), Figures(agents[""]));
    }

    [Fact]
    public async Task The_label_filter_keeps_the_conversations_carrying_that_label_and_their_ratings()
    {
        var report = (await ReportAsync(ReportDataset.TwoDays with { LabelId = data.BillingLabelId })).Report;

        // Monday 09:30 (Anna, rated 4, also labelled Returns) and Tuesday 10:10 (Bram, rated 2); Sunday's is outside the period.
        Assert.Equal(2, report.Total.Conversations);
        Assert.Equal(new Dictionary<string, int> { [data.Anna] = 1, [data.Bram] = 1 }, report.Agents.ToDictionary(a => a.Key!, a => a.Conversations));
        Assert.Equal(1050, report.Total.FirstResponse.MedianSeconds);
        Assert.Equal([0, 1, 0, 1, 0], report.Total.Satisfaction.Distribution);
        Assert.Equal(3.0, report.Total.Satisfaction.Average);
        Assert.Equal(0.5, report.Total.Satisfaction.Csat);
    }

    [Fact]
    public void The_label_survives_the_query_string_of_the_CSV_links_and_a_bad_one_is_refused()
    {
        var filter = ReportDataset.TwoDays with { LabelId = 42, AgentId = "someone" };
        var query = QueryHelpers.ParseQuery(filter.ToQueryString(ReportDataset.Amsterdam));

        Assert.Equal(filter, ReportFilter.TryParse(new QueryCollection(query))?.Filter);
        query["label"] = "billing";
        Assert.Null(ReportFilter.TryParse(new QueryCollection(query)));
    }

    [Theory]
    [InlineData(new double[] { 7 }, 0.5, 7)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.9, 3.7)]
    [InlineData(new double[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 0.9, 91)]
    public void Percentiles_interpolate_between_the_closest_ranks(double[] sorted, double fraction, double expected) =>
        Assert.Equal(expected, DurationStats.Percentile(sorted, fraction)!.Value, precision: 9);

    [Fact]
    public void A_duration_reads_hours_minutes_seconds_and_nothing_to_measure_is_empty()
    {
        Assert.Equal("0:05:00", ReportTables.Duration(300));
        Assert.Equal("27:46:40", ReportTables.Duration(100_000));
        Assert.Equal("", ReportTables.Duration(null));
    }
}
