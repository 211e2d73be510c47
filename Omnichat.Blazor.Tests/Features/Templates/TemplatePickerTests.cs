using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using Omnichat.Blazor.Features.Templates;

namespace Omnichat.Blazor.Tests.Features.Templates;

public class TemplatePickerTests
{
    private static readonly TemplateContext Conversation = new(ContactName: "Anna de Vries", AgentName: "Sam", QueueName: "Support");

    private static IRenderedComponent<TemplatePicker> RenderPicker(BunitContext ctx, string? contactLanguage, string agentLanguage, Action<string>? onPick = null) =>
        ctx.Render<TemplatePicker>(p => p
            .Add(x => x.ContactLanguage, contactLanguage)
            .Add(x => x.AgentLanguage, agentLanguage)
            .Add(x => x.Context, Conversation)
            .Add(x => x.OnPick, onPick ?? (_ => { })));

    private static IReadOnlyList<string> ShownNames(IRenderedComponent<TemplatePicker> picker) =>
        picker.FindAll("[data-testid=template-item] .mud-typography-subtitle2").Select(e => e.TextContent).ToList();

    /// <summary>Opens a drop-down and clicks the choice with the given text, as a person would.</summary>
    private static async Task ChooseAsync(IRenderedComponent<MudPopoverProvider> popovers, IRenderedComponent<TemplatePicker> picker, string selectTestId, string choice)
    {
        picker.Find($"input[data-testid={selectTestId}]").Closest(".mud-input-control")!.MouseDown();
        await popovers.WaitForAssertionAsync(() => Assert.Contains(popovers.FindAll(".mud-list-item"), item => item.TextContent.Trim() == choice));
        popovers.FindAll(".mud-list-item").First(item => item.TextContent.Trim() == choice).Click();
    }

    [Fact]
    public async Task For_a_customer_known_only_by_number_shows_the_greeting_without_it_and_says_what_each_placeholder_becomes()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);

        var picker = ctx.Render<TemplatePicker>(p => p
            .Add(x => x.AgentLanguage, "en")
            .Add(x => x.Context, new TemplateContext(ContactName: "", AgentName: "Sam"))
            .Add(x => x.OnPick, _ => { }));

        await picker.WaitForAssertionAsync(() => Assert.Contains(picker.FindAll("[data-testid=template-item]"),
            item => item.TextContent.Contains("Hello, this is Sam from {queue.name}.")));
        var values = picker.Find("[data-testid=template-placeholder-values]").TextContent;
        Assert.Contains("{contact.first_name} → (left out: not named yet)", values);
        Assert.Contains("{agent.name} → Sam", values);
        Assert.Contains("{queue.name} → (unknown: fill in yourself)", values);
    }

    [Fact]
    public async Task Opens_on_the_contacts_language_when_known()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);

        var picker = RenderPicker(ctx, contactLanguage: "nl", agentLanguage: "en");

        await picker.WaitForAssertionAsync(() => Assert.Equal(["Factuurkopie", "Begroeting"], ShownNames(picker)));
    }

    [Fact]
    public async Task Opens_on_the_agents_language_when_the_contacts_is_unknown()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);

        var picker = RenderPicker(ctx, contactLanguage: null, agentLanguage: "en");

        await picker.WaitForAssertionAsync(() => Assert.Equal(["Invoice copy", "Greeting", "Opening hours"], ShownNames(picker)));
    }

    [Fact]
    public async Task Category_and_language_drop_downs_filter_the_list()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
        var popovers = ctx.Render<MudPopoverProvider>();
        var picker = RenderPicker(ctx, contactLanguage: null, agentLanguage: "en");
        await picker.WaitForAssertionAsync(() => Assert.Equal(3, ShownNames(picker).Count));

        await ChooseAsync(popovers, picker, "template-category-filter", "Billing");
        await picker.WaitForAssertionAsync(() => Assert.Equal(["Invoice copy"], ShownNames(picker)));

        await ChooseAsync(popovers, picker, "template-language-filter", "All languages");
        await picker.WaitForAssertionAsync(() => Assert.Equal(["Factuurkopie", "Invoice copy"], ShownNames(picker)));

        await ChooseAsync(popovers, picker, "template-language-filter", "Nederlands");
        await picker.WaitForAssertionAsync(() => Assert.Equal(["Factuurkopie"], ShownNames(picker)));
    }

    [Fact]
    public async Task Search_finds_templates_by_name_or_text()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
        var picker = RenderPicker(ctx, contactLanguage: null, agentLanguage: "en");
        await picker.WaitForAssertionAsync(() => Assert.Equal(3, ShownNames(picker).Count));

        picker.Find("input[data-testid=template-search]").Input("open from 9");

        await picker.WaitForAssertionAsync(() => Assert.Equal(["Opening hours"], ShownNames(picker)));
    }

    [Fact]
    public async Task Clicking_a_template_raises_its_text_with_placeholders_filled()
    {
        await using var ctx = await TemplateTestContext.CreateAsync(TemplateTestContext.Samples);
        string? picked = null;
        var picker = RenderPicker(ctx, contactLanguage: null, agentLanguage: "en", onPick: text => picked = text);
        await picker.WaitForAssertionAsync(() => Assert.Equal(3, ShownNames(picker).Count));

        picker.FindAll("[data-testid=template-item]").First(item => item.TextContent.Contains("Greeting")).Click();

        Assert.Equal("Hello Anna, this is Sam from Support.", picked);
    }
}
