using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Templates;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Templates;

/// <summary>A component test context with a TemplateService over the given templates.</summary>
public static class TemplateTestContext
{
    public static Task<ComponentTestContext> CreateAsync(params MessageTemplate[] templates) =>
        ComponentTestContext.CreateAsync(ctx => ctx.Services.AddSingleton<TemplateService>(), db => db.MessageTemplates.AddRange(templates));

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
