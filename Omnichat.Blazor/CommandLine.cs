using System.CommandLine;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.Meta;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Demo;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor;

/// <summary>Verbs for scripted installs: <c>dotnet run --project Omnichat.Blazor -- &lt;verb&gt;</c>.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["users", "queues", "channels", "seed-demo", "backup"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        var root = new RootCommand("Omnichat administration");
        root.Subcommands.Add(Users(services));
        root.Subcommands.Add(Queues(services));
        root.Subcommands.Add(Channels(services));
        root.Subcommands.Add(SeedDemo(services));
        root.Subcommands.Add(Backup(services));
        return await root.Parse(args).InvokeAsync();
    }

    private static Command Users(IServiceProvider services)
    {
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var email = new Option<string>("--email") { Description = "E-mail address, used to sign in", Required = true };
        var role = new Option<string>("--role") { Description = "Admin, Supervisor or Agent", DefaultValueFactory = _ => Roles.Agent };
        var extension = new Option<string>("--extension") { Description = "Unique extension number, e.g. 101", Required = true };
        var language = new Option<string>("--language") { Description = "Interface language: en or nl", DefaultValueFactory = _ => "en" };
        var add = new Command("add", "Add a user. The password is read from standard input when piped in, else generated and printed.")
        {
            name, email, role, extension, language,
        };
        add.SetAction(async (parse, ct) =>
        {
            var piped = Console.IsInputRedirected ? (await Console.In.ReadLineAsync(ct))?.Trim() : null;
            var generated = string.IsNullOrEmpty(piped) ? UserAccounts.GeneratePassword() : null;
            var password = piped is { Length: > 0 } ? piped : generated!;
            await using var scope = services.CreateAsyncScope();
            var errors = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(new NewUser(
                parse.GetValue(name)!, parse.GetValue(email)!, parse.GetValue(role)!, parse.GetValue(extension)!, password, parse.GetValue(language)!));
            if (errors.Count > 0) return Fail(errors);
            Console.WriteLine($"Added {parse.GetValue(role)} {parse.GetValue(name)} <{parse.GetValue(email)}>, extension {parse.GetValue(extension)}.");
            if (generated is not null) Console.WriteLine($"Password: {generated}");
            return 0;
        });
        return new Command("users", "Manage users") { add };
    }

    private static Command Queues(IServiceProvider services)
    {
        var name = new Option<string>("--name") { Description = "Queue name", Required = true };
        var strategy = new Option<AssignmentStrategy>("--strategy") { Description = "All, TopN, RoundRobin or LeastBusy", DefaultValueFactory = _ => AssignmentStrategy.All };
        var topN = new Option<int>("--top") { Description = "N for the TopN strategy", DefaultValueFactory = _ => 3 };
        var members = new Option<string[]>("--members") { Description = "Extensions of the members, in queue order", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add a queue") { name, strategy, topN, members };
        add.SetAction(async (parse, ct) =>
        {
            var admin = services.GetRequiredService<QueueAdmin>();
            var (queue, error) = await admin.CreateAsync(new QueueSettings(parse.GetValue(name)!, parse.GetValue(strategy), parse.GetValue(topN)), ct);
            if (queue is null) return Fail([error!]);
            var extensions = parse.GetValue(members) ?? [];
            var users = await services.GetRequiredService<UserDirectory>().ListAsync(ct);
            var unknown = extensions.Where(x => users.All(u => u.Extension != x)).ToList();
            if (unknown.Count > 0) return Fail([$"No user has extension {string.Join(", ", unknown)}; queue {queue.Name} was added without members."]);
            await admin.SetMembersAsync(queue.Id, extensions.Select(x => users.First(u => u.Extension == x).Id).ToList(), ct);
            Console.WriteLine($"Added queue {queue.Name} ({queue.Strategy}) with {extensions.Length} member(s).");
            return 0;
        });
        return new Command("queues", "Manage queues") { add };
    }

    private static Command Channels(IServiceProvider services)
    {
        var kind = new Option<ChannelKind>("--kind") { Description = "LiveChat, Facebook, WhatsApp or Sms", Required = true };
        var key = new Option<string>("--key") { Description = "Stable key used in webhook URLs", Required = true };
        var name = new Option<string>("--name") { Description = "Name shown to agents" };
        var address = new Option<string>("--address") { Description = "Phone number (+31...), page id or website", DefaultValueFactory = _ => "" };
        var queue = new Option<string>("--queue") { Description = "Name of the queue it routes to", Required = true };
        var accountSid = new Option<string>("--account-sid") { Description = "Twilio Account SID (AC...)" };
        var provider = new Option<ChannelProvider?>("--provider") { Description = "Twilio or Meta (WhatsApp only; SMS goes through Twilio, Facebook through Meta)" };
        var verifyToken = new Option<string>("--verify-token") { Description = "Meta: the verify token to enter in the app dashboard" };
        var simulated = new Option<bool>("--simulated") { Description = "Talk to the built-in simulator instead of the provider (credentials are generated)" };
        var add = new Command("add", "Add a channel account. Twilio: the auth token is read from standard input. Meta: the app secret, then the access token, one per line.")
        {
            kind, key, name, address, queue, accountSid, provider, verifyToken, simulated,
        };
        add.SetAction(async (parse, ct) =>
        {
            var queues = await services.GetRequiredService<QueueAdmin>().ListAsync(ct);
            var target = queues.FirstOrDefault(q => q.Name == parse.GetValue(queue));
            if (target is null) return Fail([$"There is no queue named {parse.GetValue(queue)}."]);
            var isSimulated = parse.GetValue(simulated);
            var chosen = parse.GetValue(provider) ?? ChannelProviders.DefaultFor(parse.GetValue(kind));
            async Task<string?> ReadSecretAsync() => Console.IsInputRedirected ? (await Console.In.ReadLineAsync(ct))?.Trim() : null;
            string? sid = parse.GetValue(accountSid), secret, appSecret = null, verify = parse.GetValue(verifyToken);
            if (chosen == ChannelProvider.Meta)
            {
                // Standard input holds the app secret, then the access token.
                appSecret = isSimulated ? SimulatedMetaApp.NewSecret() : await ReadSecretAsync();
                secret = isSimulated ? SimulatedMetaApp.NewSecret() : await ReadSecretAsync();
                if (isSimulated) verify ??= ChannelAdmin.NewVerifyToken();
            }
            else
            {
                if (isSimulated) sid = SimulatedTwilioAccount.NewAccountSid();
                secret = isSimulated ? SimulatedTwilioAccount.NewAuthToken() : await ReadSecretAsync();
            }
            var (account, error) = await services.GetRequiredService<ChannelAdmin>().CreateAsync(new ChannelSettings(parse.GetValue(kind),
                parse.GetValue(key)!, parse.GetValue(name) ?? "", parse.GetValue(address)!, target.Id, sid, secret, isSimulated, chosen, appSecret, verify), ct);
            if (account is null) return Fail([error!]);
            Console.WriteLine($"Added {account.Kind} channel {account.Key} through {account.Provider} routing to {target.Name}{(isSimulated ? " (simulated)" : "")}.");
            var urls = services.GetRequiredService<PublicUrls>();
            if (account.Provider == ChannelProvider.Meta)
            {
                Console.WriteLine($"Callback URL: {(urls.IsKnown ? urls.MetaWebhook(account.Key) : $"<public address>/webhooks/meta/{account.Key}")}");
                Console.WriteLine($"Verify token: {account.VerifyToken}");
                if (!urls.IsKnown) Console.WriteLine("Set Omnichat:PublicBaseUrl to the address Meta calls.");
            }
            if (account.Provider == ChannelProvider.Twilio)
            {
                if (urls.IsKnown)
                {
                    Console.WriteLine($"Twilio webhook:  {urls.TwilioWebhook(account.Key)}");
                    Console.WriteLine($"Status callback: {urls.TwilioStatusCallback(account.Key)}");
                }
                else
                {
                    Console.WriteLine($"Twilio webhook:  <public address>/webhooks/twilio/{account.Key}");
                    Console.WriteLine($"Status callback: <public address>/webhooks/twilio/{account.Key}/status");
                    Console.WriteLine("Set Omnichat:PublicBaseUrl to the address Twilio calls; Twilio signs that exact address.");
                }
            }
            return 0;
        });
        return new Command("channels", "Manage channel accounts") { add };
    }

    private static Command SeedDemo(IServiceProvider services)
    {
        var command = new Command("seed-demo", "Add demo users, queues, channels and conversations");
        command.SetAction(async (_, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            foreach (var line in report) Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    private static Command Backup(IServiceProvider services)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the copy" };
        var command = new Command("backup", "Write an online backup of the database") { file };
        command.SetAction(async (parse, _) =>
        {
            var target = parse.GetValue(file)!;
            if (target.Exists) return Fail([$"{target.FullName} already exists; choose a new file."]);
            target.Directory?.Create();
            await services.BackupDatabaseAsync(target.FullName);
            target.Refresh();
            Console.WriteLine($"Backed up the database to {target.FullName} ({target.Length / 1024} KiB).");
            return 0;
        });
        return command;
    }

    private static int Fail(IEnumerable<string> errors)
    {
        foreach (var error in errors) Console.Error.WriteLine(error);
        return 1;
    }
}
