using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Omnichat.Blazor.Features.InternalChat;
using Omnichat.Blazor.Tests.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.InternalChat;

public class TypingNoticeTests
{
    [Fact]
    public async Task Shows_a_colleague_typing_in_this_chat_until_the_signal_expires_or_they_send()
    {
        await using var ctx = ConsoleComponentContext.Create();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        ctx.Services.AddSingleton<TimeProvider>(clock);
        var typing = new ColleagueTyping(NullLogger<ColleagueTyping>.Instance);
        ctx.Services.AddSingleton(typing);
        var notice = ctx.Render<TypingNotice>(p => p.Add(c => c.ConversationId, 7).Add(c => c.ViewerId, "me"));

        // The viewer's own typing and other chats' are not shown.
        await typing.PublishAsync(new TypingSignal(7, "me", "Me"));
        await typing.PublishAsync(new TypingSignal(8, "anna", "Anna"));
        await typing.PublishAsync(new TypingSignal(7, "anna", "Anna"));
        await notice.WaitForAssertionAsync(() => Assert.Equal("Anna is typing…", notice.Find("[data-testid=typing-notice]").TextContent.Trim()));

        // Still typing: a new signal within the window keeps the notice past the first one's expiry.
        clock.Advance(ColleagueTyping.SendEvery);
        await typing.PublishAsync(new TypingSignal(7, "anna", "Anna"));
        clock.Advance(ColleagueTyping.ShownFor - ColleagueTyping.SendEvery);
        await notice.WaitForAssertionAsync(() => Assert.Single(notice.FindAll("[data-testid=typing-notice]")));

        // She stops: the notice goes by itself.
        clock.Advance(ColleagueTyping.SendEvery);
        await notice.WaitForAssertionAsync(() => Assert.Empty(notice.FindAll("[data-testid=typing-notice]")));

        // She types again and sends: it goes at once.
        await typing.PublishAsync(new TypingSignal(7, "anna", "Anna"));
        await notice.WaitForAssertionAsync(() => Assert.Single(notice.FindAll("[data-testid=typing-notice]")));
        await typing.PublishAsync(new TypingSignal(7, "anna", "Anna", Stopped: true));
        await notice.WaitForAssertionAsync(() => Assert.Empty(notice.FindAll("[data-testid=typing-notice]")));
    }
}
