namespace Omnichat.Blazor.Tests.Authorization;

/// <summary>Every cell of <see cref="AuthorizationMatrix"/>: each principal tries each row on a conversation made for the cell.</summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixWorld world) : IClassFixture<AuthorizationMatrixWorld>
{
    public static IEnumerable<object[]> Cells => AuthorizationMatrix.Cells();

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Only_the_principals_the_table_names_get_through(string row, Principal who)
    {
        var action = AuthorizationMatrix.Rows.Single(r => r.Name == row);
        var cell = new MatrixCell(world, who, await world.NewSceneAsync(claimedByOwner: who != Principal.OfferedAgent));
        if (action.Prepare is { } prepare) await prepare(cell);

        var gotThrough = await action.Attempt(cell);

        var observed = gotThrough ? "allowed" : action.Kind == RowKind.LiveUpdate ? "no live update" : "refused";
        Assert.True(action.Expected(who) == observed, $"{who} / {row}: expected {action.Expected(who)}, was {observed}");
    }
}
