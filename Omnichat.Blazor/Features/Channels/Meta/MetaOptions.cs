namespace Omnichat.Blazor.Features.Channels.Meta;

public sealed class MetaOptions
{
    public const string Section = "Omnichat:Meta";

    /// <summary>Where the Graph API is; only changed to point at a stand-in in tests.</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>The Graph API version every call names.</summary>
    public string GraphVersion { get; set; } = "v23.0";

    /// <summary>How long one Graph call or one media download may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The address of <paramref name="path"/> (a node id and edge, no leading slash) in the configured Graph API.</summary>
    public Uri Graph(string path) => new($"{GraphBaseUrl.TrimEnd('/')}/{GraphVersion}/{path}");
}
