using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Omnichat.Blazor.Data;

public static class DbErrors
{
    private const int SqliteConstraintUnique = 2067;

    /// <summary>True when the save broke a unique index: someone stored the same thing first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique };
}
