using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;

namespace Omnichat.Blazor.Tests.Data;

public class ModelTests
{
    [Fact]
    public void A_context_made_without_the_apps_services_has_the_same_model_with_passkeys()
    {
        // Without caching, this context builds its own model, as the first context of a process does; a tool or a test
        // database makes one without the app's services. EF then reuses that model for every context of the type.
        var options = new DbContextOptionsBuilder<OmnichatDbContext>()
            .UseSqlite("Data Source=:memory:")
            .EnableServiceProviderCaching(false)
            .Options;
        using var db = new OmnichatDbContext(options);

        Assert.NotNull(db.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
        // Deleting a user removes their passkeys with this query.
        Assert.Contains("AspNetUserPasskeys", db.UserPasskeys.Where(p => p.UserId == "someone").ToQueryString());
    }
}
