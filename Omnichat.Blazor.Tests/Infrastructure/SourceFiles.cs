namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>The app's own source files, for tests that check every component keeps a rule.</summary>
public static class SourceFiles
{
    public static IEnumerable<string> Razor() =>
        Directory.EnumerateFiles(ProjectDirectory(), "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string ProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Omnichat.sln"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("Omnichat.sln not found above the test output."), "Omnichat.Blazor");
    }
}
