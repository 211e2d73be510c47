using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Routing;
using Omnichat.Blazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichat.Blazor.Tests.Features.Conversations;

/// <summary>A conversation of a thousand messages opens on its latest page and reads back a page at a time.</summary>
public sealed class ThreadPagingTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly TestWorld world = app.World;

    [Fact]
    public async Task A_long_conversation_opens_on_its_latest_page_reads_back_and_opens_at_a_found_message()
    {
        var agent = await world.UserAsync();
        var id = (await world.CustomerWritesAsync(await world.ChannelForAsync(AssignmentStrategy.All, agent), TestWorld.NewPhone(), "Message 0")).ConversationId;
        await using (var db = await world.CreateDbAsync())
        {
            var start = DateTime.UtcNow;
            for (var i = 1; i < 1_000; i++)
                db.Messages.Add(new Message { ConversationId = id, Direction = MessageDirection.Inbound, Body = $"Message {i}", SentAt = start.AddSeconds(i), State = DeliveryState.Received });
            await db.SaveChangesAsync();
        }
        var reader = app.Factory.Services.GetRequiredService<ConversationReader>();
        static List<string> Bodies(ThreadPage page) => page.OfType<MessageLine>().Select(m => m.Body).ToList();

        var latest = (await reader.ThreadAsync(id, agent))!;
        var two = (await reader.ThreadAsync(id, agent, pages: 2))!;
        var all = (await reader.ThreadAsync(id, agent, pages: 10))!;
        var early = (await world.LoadAsync(id)).Messages.Single(m => m.Body == "Message 20").Id;
        var atFound = (await reader.ThreadAsync(id, agent, focusMessageId: early))!;

        Assert.Equal((ConversationReader.ThreadPageSize, "Message 900", "Message 999", true), (Bodies(latest).Count, Bodies(latest)[0], Bodies(latest)[^1], latest.HasEarlier));
        Assert.Equal((2 * ConversationReader.ThreadPageSize, "Message 800"), (Bodies(two).Count, Bodies(two)[0]));
        Assert.Equal((1_000, false), (Bodies(all).Count, all.HasEarlier));
        Assert.Contains(all, e => e is EventLine { Kind: ConversationEventKind.Created });
        Assert.DoesNotContain(latest, e => e is EventLine { Kind: ConversationEventKind.Created });
        Assert.Equal(("Message 15", "Message 999", true), (Bodies(atFound)[0], Bodies(atFound)[^1], atFound.HasEarlier));

        // Once the found message lies further back than the reach, the thread opens as far back as it reaches and never
        // loads more: everything from there to the newest is read again on every live change.
        await using (var db = await world.CreateDbAsync())
        {
            var start = DateTime.UtcNow.AddHours(1);
            for (var i = 1_000; i < 1_100; i++)
                db.Messages.Add(new Message { ConversationId = id, Direction = MessageDirection.Inbound, Body = $"Message {i}", SentAt = start.AddSeconds(i), State = DeliveryState.Received });
            await db.SaveChangesAsync();
        }
        var farBack = (await reader.ThreadAsync(id, agent, focusMessageId: early))!;
        Assert.Equal((ConversationReader.MaxFocusReach, "Message 100", true), (Bodies(farBack).Count, Bodies(farBack)[0], farBack.HasEarlier));
    }
}
