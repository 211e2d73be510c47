using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Channels.Simulator;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>Where a channel's Graph calls go: Meta's Graph API, or the built-in simulator for a simulated channel, which never reaches Meta.</summary>
public sealed class MetaGraph(IOptions<MetaOptions> options, PublicUrls urls)
{
    /// <summary>The address of <paramref name="path"/> (a node id and edge, no leading slash) for <paramref name="account"/>.</summary>
    public Uri For(ChannelAccount account, string path) => account.IsSimulated
        ? new($"{urls.LocalBase}{MetaSimulatorApi.BasePath}/{options.Value.GraphVersion}/{path}")
        : options.Value.Graph(path);
}
