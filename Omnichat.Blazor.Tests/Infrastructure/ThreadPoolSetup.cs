using System.Runtime.CompilerServices;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>
/// Test classes run in parallel, and some of what they call still holds a pool thread while it waits (bUnit's
/// synchronous event helpers, a test server's host start-up). On two cores the pool adds threads slowly, so a
/// renderer's dispatcher could wait seconds for one, and a wait for rendered state ran out without ever checking.
/// Starting with more threads removes that wait.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void StartWithEnoughThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), completionPorts);
    }
}
