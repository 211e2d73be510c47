namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// Waits for the database to show what the browser already shows: a page updates as soon as the user acts, the write
/// commits a moment later. The database's counterpart of Playwright's web-first assertions, with the same patience.
/// </summary>
public static class Committed
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task EqualAsync<T>(T expected, Func<Task<T>> read)
    {
        var deadline = DateTime.UtcNow + Patience;
        var actual = await read();
        while (!EqualityComparer<T>.Default.Equals(expected, actual) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            actual = await read();
        }
        Assert.Equal(expected, actual);
    }
}
