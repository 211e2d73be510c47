using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Channels.LiveChat;
using Omnichat.Blazor.Features.Channels.Meta;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Contacts;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Features.Labels;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Demo;

/// <summary>Fills an installation with demo users, queues, channels and conversations so a newcomer sees a working console.</summary>
public sealed class DemoSeeder(
    UserAccounts users,
    UserDirectory directory,
    QueueAdmin queues,
    ChannelAdmin channels,
    LiveChatSites sites,
    ConversationIntake intake,
    ConversationLifecycle lifecycle,
    InternalChats internalChats,
    TemplateService templates,
    LabelAdmin labels,
    ConversationLabels labelling)
{
    public const string Password = "Demo-pass1!";

    private static readonly NewUser[] DemoUsers =
    [
        new("Demo Admin", "admin@demo.omnichat", Roles.Admin, "100", Password),
        new("Anna de Vries", "anna@demo.omnichat", Roles.Agent, "101", Password, "nl"),
        new("Bob Smith", "bob@demo.omnichat", Roles.Agent, "102", Password),
        new("Sara Supervisor", "sara@demo.omnichat", Roles.Supervisor, "201", Password),
    ];

    private static readonly MessageTemplate[] DemoTemplates =
    [
        new() { Name = "Greeting", Category = "General", Language = "en", Body = "Hello {contact.first_name}, this is {agent.name} from {queue.name}. How can I help you?" },
        new() { Name = "Begroeting", Category = "General", Language = "nl", Body = "Hallo {contact.first_name}, u spreekt met {agent.name} van {queue.name}. Waarmee kan ik u helpen?" },
        new() { Name = "Opening hours", Category = "General", Language = "en", Body = "We are available Monday to Friday from 9:00 to 17:00." },
        new() { Name = "Openingstijden", Category = "General", Language = "nl", Body = "We zijn bereikbaar van maandag tot en met vrijdag van 9.00 tot 17.00 uur." },
        new() { Name = "Shipping", Category = "Orders", Language = "en", Body = "Orders ship within 2 working days, also to Belgium and Germany." },
        new() { Name = "Verzending", Category = "Orders", Language = "nl", Body = "Bestellingen worden binnen 2 werkdagen verzonden, ook naar België en Duitsland." },
    ];

    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken ct = default)
    {
        if ((await queues.ListAsync(ct)).Any(q => q.Name == "Support"))
            return ["Demo data is already present; nothing added."];

        var report = new List<string>();
        foreach (var user in DemoUsers)
        {
            var errors = await users.CreateAsync(user);
            report.Add(errors.Count == 0
                ? $"User {user.DisplayName} <{user.Email}> ({user.Role}, extension {user.Extension}), password {user.Password}"
                : $"Skipped user {user.Email}: {string.Join(" ", errors)}");
        }
        var userIds = (await directory.ListAsync(ct)).ToDictionary(u => u.Email, u => u.Id);
        string[] Members(params string[] emails) => emails.Where(userIds.ContainsKey).Select(e => userIds[e]).ToArray();

        foreach (var (name, colour) in new[] { ("VIP", "purple"), ("Billing", "teal"), ("Sales lead", "orange") })
            await labels.CreateAsync(name, colour, ct);
        var labelIds = (await labels.ListAsync(ct)).ToDictionary(l => l.Name, l => l.Id);
        report.Add("Labels VIP, Billing and Sales lead (set on every new Sales conversation)");

        var support = (await queues.CreateAsync(new QueueSettings("Support", AssignmentStrategy.All, FirstReplyTargetMinutes: 5), ct)).Queue!;
        await queues.SetMembersAsync(support.Id, Members("anna@demo.omnichat", "bob@demo.omnichat"), ct);
        var sales = (await queues.CreateAsync(new QueueSettings("Sales", AssignmentStrategy.RoundRobin, OfferTimeoutSeconds: 120,
            AutoLabelId: labelIds.GetValueOrDefault("Sales lead")), ct)).Queue!;
        await queues.SetMembersAsync(sales.Id, Members("bob@demo.omnichat", "anna@demo.omnichat"), ct);
        report.Add("Queues Support (All: Anna, Bob) and Sales (RoundRobin: Bob, Anna)");

        var website = await AddChannelAsync(ChannelKind.LiveChat, "website", "Website chat", "https://www.example.com", support.Id, ct);
        // The console serves a demo page (widget-demo.html) that embeds this site's widget.
        await sites.SaveAsync(new LiveChatSite
        {
            ChannelAccountId = website, AllowedOrigins = "http://localhost:5047\nhttps://www.example.com", Greeting = "Hi! Ask us anything.", AskName = true,
        }, ct);
        var sms = await AddChannelAsync(ChannelKind.Sms, "sms-main", "SMS +31 20 123 4567", "+31201234567", support.Id, ct);
        var whatsapp = await AddChannelAsync(ChannelKind.WhatsApp, "whatsapp-main", "WhatsApp +31 20 123 4567", "+31201234567", support.Id, ct);
        var facebook = await AddChannelAsync(ChannelKind.Facebook, "facebook-page", "Facebook page", "100000000000001", sales.Id, ct);
        report.Add("Channels website (live chat), sms-main and whatsapp-main (simulated Twilio) → Support; facebook-page → Sales");

        foreach (var template in DemoTemplates)
            await templates.SaveAsync(template, ct);
        report.Add($"{DemoTemplates.Length} message templates in English and Dutch");

        var order = await intake.ReceiveAsync(new InboundMessage(sms, IdentityKind.Phone, "+31612345678", null, "Hi, my order 10442 has not arrived yet. Can you check?"), ct);
        await intake.ReceiveAsync(new InboundMessage(whatsapp, IdentityKind.WhatsApp, "+31687654321", "Maria Jansen", "Goedemiddag, kan ik mijn afspraak verzetten naar vrijdag?"), ct);
        var chat = await intake.ReceiveAsync(new InboundMessage(website, IdentityKind.LiveChatVisitor, "visitor-demo-1", "Website visitor", "Do you ship to Belgium?"), ct);
        await intake.ReceiveAsync(new InboundMessage(facebook, IdentityKind.Messenger, MetaCustomerPhone.DefaultMessengerUser, "Tom Peeters", "Is the spring sale still on?"), ct);
        if (userIds.TryGetValue("anna@demo.omnichat", out var anna))
        {
            await lifecycle.ReplyAsync(chat.ConversationId, Viewer.Agent(anna), "Yes, we ship to Belgium within 2 working days.", ct: ct);
            if (labelIds.TryGetValue("VIP", out var vip)) await labelling.AddAsync(order.ConversationId, Viewer.Agent(anna), vip, ct);
        }
        report.Add("Four customer conversations (SMS labelled VIP, WhatsApp, live chat answered by Anna, Facebook with the Sales lead label)");

        if (userIds.TryGetValue("bob@demo.omnichat", out var bob) && anna is not null)
        {
            var (_, internalChat) = await internalChats.StartAsync(Viewer.Agent(bob), new NewChatRequest([anna], null), ct);
            await lifecycle.ReplyAsync(internalChat!.Value, Viewer.Agent(bob), "Anna, could you take the Facebook chats this afternoon?", ct: ct);
            report.Add("An internal chat between Bob and Anna");
        }
        return report;
    }

    private async Task<int> AddChannelAsync(ChannelKind kind, string key, string name, string address, int queueId, CancellationToken ct)
    {
        // Provider channels talk to the built-in simulator, so the demo needs no Twilio or Meta account.
        var settings = kind switch
        {
            ChannelKind.Sms or ChannelKind.WhatsApp => new ChannelSettings(kind, key, name, address, queueId,
                SimulatedTwilioAccount.NewAccountSid(), SimulatedTwilioAccount.NewAuthToken(), IsSimulated: true),
            ChannelKind.Facebook => new ChannelSettings(kind, key, name, address, queueId, Secret: SimulatedMetaApp.NewSecret(),
                IsSimulated: true, AppSecret: SimulatedMetaApp.NewSecret(), VerifyToken: ChannelAdmin.NewVerifyToken()),
            _ => new ChannelSettings(kind, key, name, address, queueId),
        };
        var (account, error) = await channels.CreateAsync(settings, ct);
        return account?.Id ?? throw new InvalidOperationException(error);
    }
}
