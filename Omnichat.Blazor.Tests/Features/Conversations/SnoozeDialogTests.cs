using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class SnoozeDialogTests
{
    // Thursday 26 November 2026, 10:00 UTC: 11:00 in Amsterdam.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static async Task<(BunitContext Context, IRenderedComponent<Providers> Providers, IDialogReference Dialog)> OpenAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("nl");
        var context = ConsoleComponentContext.Create();
        context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        context.Services.GetRequiredService<UserClock>().Use("Europe/Amsterdam");
        var providers = context.Render<Providers>();
        IDialogReference? dialog = null;
        await providers.InvokeAsync(async () => dialog = await context.Services.GetRequiredService<IDialogService>().ShowAsync<SnoozeDialog>("Snooze"));
        return (context, providers, dialog!);
    }

    [Fact]
    public async Task It_proposes_tomorrow_at_nine_on_the_users_clock_and_returns_that_moment_in_UTC()
    {
        var (context, providers, dialog) = await OpenAsync();
        await using var _ = context;

        Assert.Contains("Europe/Amsterdam", providers.Find("[data-testid=snooze-dialog]").TextContent);
        await providers.Find("[data-testid=snooze-confirm]").ClickAsync(new());

        var result = await dialog.Result;
        Assert.Equal(new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc), result!.Data);
    }

    [Fact]
    public async Task A_time_already_past_is_refused_with_a_reason_and_the_dialog_stays_open()
    {
        var (context, providers, dialog) = await OpenAsync();
        await using var _ = context;

        // Today at 10:30 in Amsterdam: half an hour ago.
        providers.Find("input[data-testid=snooze-date]").Change("26-11-2026");
        providers.Find("input[data-testid=snooze-time]").Change("10:30");
        await providers.Find("[data-testid=snooze-confirm]").ClickAsync(new());

        Assert.Single(providers.FindAll("[data-testid=snooze-error]"));
        Assert.False(dialog.Result.IsCompleted);

        providers.Find("input[data-testid=snooze-time]").Change("23:30");
        await providers.Find("[data-testid=snooze-confirm]").ClickAsync(new());
        Assert.Equal(new DateTime(2026, 11, 26, 22, 30, 0, DateTimeKind.Utc), (await dialog.Result)!.Data);
    }
}
