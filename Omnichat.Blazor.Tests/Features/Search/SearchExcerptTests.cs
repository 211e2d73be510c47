using Bunit;
using Omnichat.Blazor.Features.Search;
using Omnichat.Blazor.Tests.Features.Conversations;

namespace Omnichat.Blazor.Tests.Features.Search;

public class SearchExcerptTests
{
    [Fact]
    public async Task Marks_the_matches_and_shows_markup_in_a_message_as_text()
    {
        await using var context = ConsoleComponentContext.Create();
        var (start, end) = (FullTextQuery.MatchStart, FullTextQuery.MatchEnd);

        var cut = context.Render<SearchExcerpt>(p => p.Add(x => x.Excerpt,
            $"…<script>alert(1)</script> order {start}5577{end} and {start}<b>bold</b>{end}"));

        Assert.Equal(["5577", "<b>bold</b>"], cut.FindAll("mark").Select(m => m.TextContent));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Equal("…<script>alert(1)</script> order 5577 and <b>bold</b>", cut.Find("[data-testid=search-excerpt]").TextContent.Trim());
    }
}
