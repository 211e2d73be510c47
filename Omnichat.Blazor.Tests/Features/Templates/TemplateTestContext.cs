using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Templates;

namespace Omnichat.Blazor.Tests.Features.Templates;

/// <summary>A bUnit context with MudBlazor, the app's resources and a TemplateService over an in-memory SQLite database.</summary>
public static class TemplateTestContext
{
    public static async Task<BunitContext> CreateAsync(params MessageTemplate[] templates)
    {
        TestLocalization.English();
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();

        // The in-memory database lives as long as this connection, which the context disposes with its services.
        var connection = new SqliteConnection("DataSource=:memory:");
        await connection.OpenAsync();
        ctx.Services.AddSingleton(connection);
        ctx.Services.AddDbContextFactory<OmnichatDbContext>(db => db.UseSqlite(connection));
        ctx.Services.AddSingleton<TemplateService>();

        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<OmnichatDbContext>>().CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
        db.MessageTemplates.AddRange(templates);
        await db.SaveChangesAsync();
        return ctx;
    }

    public static readonly MessageTemplate[] Samples =
    [
        new() { Name = "Greeting", Category = "General", Language = "en", Body = "Hello {contact.first_name}, this is {agent.name} from {queue.name}." },
        new() { Name = "Invoice copy", Category = "Billing", Language = "en", Body = "I have sent a copy of your invoice." },
        new() { Name = "Opening hours", Category = "General", Language = "en", Body = "We are open from 9 to 5." },
        new() { Name = "Begroeting", Category = "General", Language = "nl", Body = "Hallo {contact.name}, u spreekt met {agent.name}." },
        new() { Name = "Factuurkopie", Category = "Billing", Language = "nl", Body = "Ik heb een kopie van uw factuur gestuurd." },
    ];
}
