using Omnichat.Blazor;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Users;

var builder = WebApplication.CreateBuilder(args);
if (CommandLine.IsRestore(args)) return await CommandLine.RestoreAsync(args, builder.Configuration);
builder.AddOmnichat();
var app = builder.Build();
app.MapOmnichat();

await app.Services.MigrateDatabaseAsync();
await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<UserAccounts>().EnsureRolesAsync();

if (CommandLine.IsVerb(args)) return await CommandLine.RunAsync(args, app.Services);

return await app.RunUntilStoppedAsync();

public partial class Program;
