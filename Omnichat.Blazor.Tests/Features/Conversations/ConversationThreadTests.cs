using Bunit;
using Omnichat.Blazor.Features.Conversations;

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
}
