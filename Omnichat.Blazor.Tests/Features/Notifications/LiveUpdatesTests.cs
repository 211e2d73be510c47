using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using Omnichat.Blazor.Features.Notifications;

namespace Omnichat.Blazor.Tests.Features.Notifications;

public class LiveUpdatesTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly Channel<LiveBatch<int>> attempted = Channel.CreateUnbounded<LiveBatch<int>>();
    private readonly Channel<Exception> failures = Channel.CreateUnbounded<Exception>();

    /// <summary>Stands in for a component: runs the work at once, records each batch it applies and what failed.</summary>
    private LiveUpdates<int> Create(Func<IReadOnlyList<int>, Task>? apply = null) => new(
        work => work(),
        ex => failures.Writer.WriteAsync(ex).AsTask(),
        batch =>
        {
            attempted.Writer.TryWrite(batch);
            return apply?.Invoke(batch.Items) ?? Task.CompletedTask;
        },
        clock);

    private async Task<LiveBatch<int>> NextAsync()
    {
        // The pause between runs under a burst passes on the fake clock; whatever reaches the delay first.
        var next = attempted.Reader.ReadAsync().AsTask();
        while (!next.IsCompleted)
        {
            clock.Advance(LiveUpdates<int>.Interval);
            await Task.WhenAny(next, Task.Delay(10));
        }
        return await next;
    }

    [Fact]
    public async Task Starting_applies_once_right_after_subscribing_so_nothing_committed_meanwhile_is_missed()
    {
        var live = Create();
        var subscription = new Subscription();

        live.Start(subscription);

        var first = await NextAsync();
        Assert.Empty(first.Items);
        Assert.True(first.Reload);
        live.Dispose();
        Assert.True(subscription.Disposed);
    }

    [Fact]
    public async Task A_burst_that_arrives_during_an_update_is_applied_as_one_batch_after_it()
    {
        var firstRunning = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        using var live = Create(async batch =>
        {
            if (batch.Count > 0) return;
            firstRunning.SetResult();
            await release.Task;
        });
        live.Start();
        await firstRunning.Task;

        foreach (var i in Enumerable.Range(1, 20)) live.Push(i);
        release.SetResult();

        Assert.True((await NextAsync()).Reload);
        var burst = await NextAsync();
        Assert.Equal(Enumerable.Range(1, 20), burst.Items);
        Assert.False(burst.Reload);
        Assert.False(attempted.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Updates_render_in_the_language_of_the_console_whoever_published_them()
    {
        var cultures = new List<string>();
        LiveUpdates<int> live;
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("nl");
        try
        {
            live = Create(_ =>
            {
                cultures.Add(CultureInfo.CurrentUICulture.Name);
                return Task.CompletedTask;
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
        using var _ = live;
        live.Start();
        await NextAsync();

        await Task.Run(() =>
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            live.Push(1);
        });
        await NextAsync();

        Assert.Equal(["nl", "nl"], cultures);
    }

    [Fact]
    public async Task A_browser_that_went_away_costs_that_update_not_the_console()
    {
        using var live = Create(batch => batch switch
        {
            [1] => throw new JSDisconnectedException("The tab closed."),
            [2] => throw new TaskCanceledException(),
            _ => Task.CompletedTask,
        });
        live.Start();
        await NextAsync();

        foreach (var i in new[] { 1, 2, 3 })
        {
            live.Push(i);
            Assert.Equal([i], (await NextAsync()).Items);
        }

        Assert.False(failures.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Any_other_failure_reaches_the_component()
    {
        using var live = Create(batch => batch.Count > 0 ? throw new InvalidOperationException("A bug.") : Task.CompletedTask);
        live.Start();
        await NextAsync();

        live.Push(1);
        await NextAsync();

        Assert.IsType<InvalidOperationException>(await failures.Reader.ReadAsync());
    }

    private sealed class Subscription : IDisposable
    {
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }
}
