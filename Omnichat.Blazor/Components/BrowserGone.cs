using Microsoft.JSInterop;

namespace Omnichat.Blazor.Components;

/// <summary>Recognises a browser call that failed only because the browser is no longer there.</summary>
public static class BrowserGone
{
    /// <summary>
    /// True when the tab closed or the connection dropped (<see cref="JSDisconnectedException"/>), or the circuit is
    /// shutting down and cancels the calls still pending. Either way the browser objects went with it, so releasing
    /// them has nothing left to do.
    /// </summary>
    public static bool Is(Exception error) => error is JSDisconnectedException or OperationCanceledException;
}
