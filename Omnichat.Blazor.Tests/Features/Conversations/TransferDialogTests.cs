using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class TransferDialogTests
{
    private static readonly AgentChoice[] Agents =
    [
        new("a", "Anna de Vries", "101", AgentAvailability.Away),
        new("b", "Bob Smith", "102", AgentAvailability.Available),
        new("s", "Sara Supervisor", "201", AgentAvailability.Offline),
    ];

    [Theory]
    [InlineData("102", new[] { "Bob Smith" })]
    [InlineData("10", new[] { "Bob Smith", "Anna de Vries" })]
    [InlineData("sara", new[] { "Sara Supervisor" })]
    [InlineData("", new[] { "Bob Smith", "Anna de Vries", "Sara Supervisor" })]
    [InlineData("nobody", new string[0])]
    public void Matches_name_or_extension_with_available_colleagues_first(string text, string[] expected) =>
        Assert.Equal(expected, TransferDialog.Match(Agents, text).Select(a => a.DisplayName));

    [Fact]
    public async Task Typing_an_extension_offers_that_colleague_with_availability_and_returns_the_choice_and_note()
    {
        await using var context = ConsoleComponentContext.Create();
        var providers = context.Render<Providers>();
        var dialogs = context.Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        await providers.InvokeAsync(async () => dialog = await dialogs.ShowAsync<TransferDialog>("Transfer",
            new DialogParameters<TransferDialog> { { d => d.Agents, Agents } }));

        providers.Find("[data-testid=transfer-dialog] input").Input("102");
        await providers.WaitForAssertionAsync(() => Assert.Single(providers.FindAll("[data-testid=transfer-option]")), TimeSpan.FromSeconds(5));
        var option = providers.Find("[data-testid=transfer-option]");
        Assert.Contains("Bob Smith", option.TextContent);
        Assert.Contains("Available", option.TextContent);

        await option.ClickAsync(new());
        providers.Find("[data-testid=transfer-dialog] textarea").Change("Needs the parcel status");
        await providers.Find("[data-testid=transfer-confirm]").ClickAsync(new());

        var result = await dialog!.Result;
        Assert.Equal(new TransferRequest("b", "Needs the parcel status"), result!.Data);
    }
}
