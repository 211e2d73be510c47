using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Tests.Features.Conversations;

public class ConversationThreadTests
{
    [Fact]
    public async Task Shows_messages_with_delivery_states_and_audit_events_newest_last()
    {
        await using var context = ConsoleComponentContext.Create();
        var at = DateTime.UtcNow;
        ThreadEntry[] entries =
        [
            new EventLine(1, at, ConversationEventKind.Created, null, null, null),
            new MessageLine(1, at, MessageDirection.Inbound, "Where is my parcel?", DeliveryState.Received, null, null),
            new EventLine(2, at, ConversationEventKind.Transferred, "Anna de Vries", "Bob Smith", "Customer is waiting"),
            new MessageLine(2, at, MessageDirection.Outbound, "It arrives today.", DeliveryState.Delivered, null, "Bob Smith"),
            new MessageLine(3, at, MessageDirection.Outbound, "Tracking: 123", DeliveryState.Failed, "Number unreachable", "Bob Smith"),
        ];

        var cut = context.Render<ConversationThread>(p => p.Add(t => t.Entries, entries));

        // The thread is laid out bottom-up, so the markup lists the newest line first.
        var messages = cut.FindAll("[data-testid=thread-message]");
        Assert.Equal(["Tracking: 123", "It arrives today.", "Where is my parcel?"], messages.Select(m => m.QuerySelector("p")!.TextContent));
        Assert.Equal(["Failed", "Delivered"], cut.FindAll("[data-testid=delivery-state]").Select(s => s.GetAttribute("data-state")));
        Assert.Contains("Not sent: Number unreachable", messages[0].TextContent);
        var transfer = cut.Find("[data-testid=thread-event][data-kind=Transferred]");
        Assert.Contains("Anna de Vries transferred it to Bob Smith", transfer.TextContent);
        Assert.Contains("Customer is waiting", transfer.TextContent);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("nl")]
    public async Task Every_kind_of_audit_line_reads_as_words_in_both_languages(string language)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        await using var context = ConsoleComponentContext.Create();
        var kinds = Enum.GetValues<ConversationEventKind>();
        var entries = kinds.Select((kind, i) => (ThreadEntry)new EventLine(i + 1, DateTime.UtcNow, kind, "Anna de Vries", "Bob Smith", null)).ToArray();

        var cut = context.Render<ConversationThread>(p => p.Add(t => t.Entries, entries));

        var lines = cut.FindAll("[data-testid=thread-event]");
        Assert.Equal(kinds.Length, lines.Count);
        // An unresolved resource shows its key ("Event.SessionEnded") instead of words.
        Assert.All(lines, line => Assert.DoesNotContain("Event.", line.TextContent));
    }

    [Fact]
    public async Task Times_and_a_snoozes_end_read_on_the_users_own_clock_24_hour_in_Dutch()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("nl");
        await using var context = ConsoleComponentContext.Create();
        context.Services.GetRequiredService<UserClock>().Use("America/New_York");
        // 20:15 UTC is 15:15 in New York; the snooze ends at 14:00 UTC the next day, 09:00 there.
        var at = DateTime.UtcNow.Date.AddHours(20).AddMinutes(15);
        var until = at.Date.AddDays(1).AddHours(14);
        ThreadEntry[] entries =
        [
            new MessageLine(1, at, MessageDirection.Inbound, "Call me tomorrow morning", DeliveryState.Received, null, null),
            new EventLine(1, at, ConversationEventKind.Snoozed, "Anna de Vries", null, null) { Until = until },
        ];

        var cut = context.Render<ConversationThread>(p => p.Add(t => t.Entries, entries));

        Assert.Contains("15:15", cut.Find("[data-testid=thread-message]").TextContent);
        var snoozed = cut.Find("[data-testid=thread-event][data-kind=Snoozed]").TextContent;
        Assert.Contains("Anna de Vries heeft het uitgesteld tot", snoozed);
        Assert.Contains(" 09:00", snoozed);
    }

    [Fact]
    public async Task Shows_images_as_thumbnails_documents_as_links_and_refused_files_with_the_reason()
    {
        await using var context = ConsoleComponentContext.Create();
        var at = DateTime.UtcNow;
        ThreadEntry[] entries =
        [
            new MessageLine(1, at, MessageDirection.Inbound, "", DeliveryState.Received, null, null)
            {
                Attachments =
                [
                    new Attachment(1, 7, "photo.png", 2_000, IsImage: true, null),
                    new Attachment(1, 8, "invoice.pdf", 12_300, IsImage: false, null),
                    new Attachment(1, null, "setup.exe", 0, IsImage: false, "setup.exe is not an allowed type"),
                ],
            },
        ];

        var cut = context.Render<ConversationThread>(p => p.Add(t => t.Entries, entries));

        var image = cut.Find("[data-testid=attachment-image]");
        Assert.Equal("files/7", image.GetAttribute("href"));
        Assert.Equal("_blank", image.GetAttribute("target"));
        Assert.Equal("files/7", image.QuerySelector("img")!.GetAttribute("src"));
        var document = cut.Find("[data-testid=attachment-file]");
        Assert.Equal("files/8", document.GetAttribute("href"));
        Assert.Contains("invoice.pdf", document.TextContent);
        Assert.Contains("12.3 KB", document.TextContent);
        var refused = cut.Find("[data-testid=attachment-refused]");
        Assert.Contains("setup.exe", refused.TextContent);
        Assert.Contains("refused: setup.exe is not an allowed type", refused.TextContent);
        Assert.Null(refused.QuerySelector("a"));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task Offers_retry_on_a_failed_message_only_to_whoever_may_act(bool canAct, int retryButtons)
    {
        await using var context = ConsoleComponentContext.Create();
        var at = DateTime.UtcNow;
        ThreadEntry[] entries =
        [
            new MessageLine(1, at, MessageDirection.Inbound, "Hello?", DeliveryState.Received, null, null),
            new MessageLine(2, at, MessageDirection.Outbound, "Sent fine", DeliveryState.Delivered, null, "Bob Smith"),
            new MessageLine(3, at, MessageDirection.Outbound, "Tracking: 123", DeliveryState.Failed, "Number unreachable", "Bob Smith"),
        ];
        var retried = new List<long>();

        var cut = context.Render<ConversationThread>(p => p
            .Add(t => t.Entries, entries)
            .Add(t => t.CanRetry, canAct)
            .Add(t => t.OnRetry, id => retried.Add(id)));

        var buttons = cut.FindAll("[data-testid=retry]");
        Assert.Equal(retryButtons, buttons.Count);
        if (!canAct) return;
        Assert.Contains("Number unreachable", buttons[0].ParentElement!.TextContent);
        buttons[0].Click();
        Assert.Equal([3L], retried);
    }
}
