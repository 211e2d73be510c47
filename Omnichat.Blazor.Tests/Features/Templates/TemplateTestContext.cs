using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Templates;

/// <summary>A bUnit context with MudBlazor, the app's resources and a TemplateService over an in-memory SQLite database.</summary>
public sealed class TemplateTestContext : BunitContext
{
    // The in-memory database lives exactly as long as this connection.
    private readonly SqliteConnection connection = new("DataSource=:memory:");

    public static async Task<TemplateTestContext> CreateAsync(params MessageTemplate[] templates)
    {
        TestLocalization.English();
        var ctx = new TemplateTestContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        // A private EF service provider: EF caches the model per provider, and Identity shapes it from the app's
        // options, so sharing one with the app tests in this process would hand them this context's model.
        ctx.Services.AddDbContextFactory<OmnichatDbContext>(db => db.UseSqlite(ctx.connection).EnableServiceProviderCaching(false));
        ctx.Services.AddSingleton<TemplateService>();

        await ctx.connection.OpenAsync();
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
        db.MessageTemplates.AddRange(templates);
        await db.SaveChangesAsync();
        return ctx;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await connection.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) connection.Dispose();
    }

    /// <summary>Fresh instances on every call: EF writes the generated ids into them.</summary>
    public static MessageTemplate[] Samples =>
    [
        new() { Name = "Greeting", Category = "General", Language = "en", Body = "Hello {contact.first_name}, this is {agent.name} from {queue.name}." },
        new() { Name = "Invoice copy", Category = "Billing", Language = "en", Body = "I have sent a copy of your invoice." },
        new() { Name = "Opening hours", Category = "General", Language = "en", Body = "We are open from 9 to 5." },
        new() { Name = "Begroeting", Category = "General", Language = "nl", Body = "Hallo {contact.name}, u spreekt met {agent.name}." },
        new() { Name = "Factuurkopie", Category = "Billing", Language = "nl", Body = "Ik heb een kopie van uw factuur gestuurd." },
    ];
}
