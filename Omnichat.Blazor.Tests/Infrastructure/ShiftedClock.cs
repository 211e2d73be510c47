namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// The real clock, which a test moves on for a live app in a browser: everything keeps ticking (renders, timeouts),
/// only "now" jumps. Timers still run in real time, so a worker asleep until a moment must be woken after a jump, as
/// it is when the system clock is set.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long shiftTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);
}
