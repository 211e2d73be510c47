namespace Omnichat.Blazor.Features.Users;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Agent = "Agent";

    public static readonly IReadOnlyList<string> All = [Admin, Supervisor, Agent];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
