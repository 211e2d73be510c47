using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Templates;

namespace Omnichat.Blazor.Tests.Features.Templates;

public class TemplateServiceTests
{
    [Fact]
    public void Fill_replaces_known_placeholders_and_leaves_unknown_values_visible()
    {
        var body = "Hi {contact.first_name} ({contact.name}), {agent.name} of {queue.name} here. {order.id}";

        Assert.Equal("Hi Anna (Anna de Vries), Sam of Support here. {order.id}",
            TemplateService.Fill(body, new TemplateContext("Anna de Vries", "Sam", "Support")));
        Assert.Equal("Hi {contact.first_name} ({contact.name}), Sam of {queue.name} here. {order.id}",
            TemplateService.Fill(body, new TemplateContext(AgentName: "Sam")));
    }

    [Theory]
    [InlineData("Hello {contact.first_name}, this is {agent.name}.", "Hello, this is Bob.")]
    [InlineData("Dear {contact.name}\nThanks for writing.", "Dear\nThanks for writing.")]
    [InlineData("Hi {contact.first_name}! Bob here.", "Hi! Bob here.")]
    [InlineData("Thanks {contact.name} {agent.name}", "Thanks Bob")]
    public void A_customer_known_only_by_number_is_greeted_without_it(string body, string expected)
    {
        var unnamed = new TemplateContext(ContactName: "", AgentName: "Bob");

        Assert.Equal(expected, TemplateService.Fill(body, unnamed));
        // WhatsApp refuses an empty parameter, so an approved template still asks the agent for the value.
        Assert.All(TemplateService.Values("{contact.first_name}", unnamed), Assert.Null);
    }

    [Theory]
    [InlineData("/", new[] { "Greeting", "Invoice copy", "Opening hours", "Begroeting", "Factuurkopie" })]
    [InlineData("/open", new[] { "Opening hours" })]
    [InlineData("/openinghours", new[] { "Opening hours" })]
    [InlineData("/KOPIE", new[] { "Factuurkopie" })]
    [InlineData("/in", new[] { "Invoice copy", "Greeting", "Opening hours", "Begroeting" })]
    [InlineData("/copy", new[] { "Invoice copy" })]
    [InlineData("hello /open", new string[0])]
    [InlineData("/open now", new string[0])]
    [InlineData("", new string[0])]
    public void Suggest_matches_names_after_a_slash_starting_matches_and_the_preferred_language_first(string text, string[] expected)
    {
        var names = TemplateService.Suggest(TemplateTestContext.Samples, text, preferredLanguage: "en").Select(t => t.Name);

        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task Save_validates_and_refuses_a_duplicate_name_in_the_same_language()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
        var templates = ctx.Services.GetRequiredService<TemplateService>();

        Assert.Equal(["A template needs a name.", "A template needs text."], await templates.SaveAsync(new MessageTemplate { Name = " ", Body = "" }));
        Assert.Equal(["A template named Greeting already exists in language en."],
            await templates.SaveAsync(new MessageTemplate { Name = "Greeting ", Language = "en", Body = "Hi" }));
        Assert.Empty(await templates.SaveAsync(new MessageTemplate { Name = "Greeting", Language = "nl", Body = "Hoi", WhatsAppTemplateName = " " }));

        var saved = (await templates.ListAsync()).Single(t => t is { Name: "Greeting", Language: "nl" });
        Assert.Null(saved.WhatsAppTemplateName);
        saved.Body = "Goedendag";
        Assert.Empty(await templates.SaveAsync(saved));
        await templates.DeleteAsync(saved.Id);
        Assert.DoesNotContain(await templates.ListAsync(), t => t.Body == "Goedendag" || t is { Name: "Greeting", Language: "nl" });
    }
}
