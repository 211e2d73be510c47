namespace Omnichat.Blazor.Features.Channels.LiveChat;

public sealed class LiveChatOptions
{
    public const string Section = "Omnichat:LiveChat";

    /// <summary>Longest message a visitor may send, in characters.</summary>
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>Messages one visitor may send per minute.</summary>
    public int MessagesPerMinutePerVisitor { get; set; } = 20;

    /// <summary>Visitor API requests one IP address may make per minute.</summary>
    public int RequestsPerMinutePerIp { get; set; } = 120;

    /// <summary>Live-update streams one visitor may hold open at once (one per open tab of the site).</summary>
    public int OpenStreamsPerVisitor { get; set; } = 5;

    /// <summary>Live-update streams one IP address may hold open at once, for all its visitors together.</summary>
    public int OpenStreamsPerIp { get; set; } = 20;

    /// <summary>New visitor sessions (widgets opened for the first time) one IP address may start per hour.</summary>
    public int NewSessionsPerIpPerHour { get; set; } = 20;

    /// <summary>Megabytes of files one visitor may send in 24 hours.</summary>
    public int VisitorMegabytesPerDay { get; set; } = 50;

    /// <summary>Megabytes of files all visitors of one site together may send in 24 hours; this bounds the disk the public widget can fill.</summary>
    public int SiteMegabytesPerDay { get; set; } = 1000;

    /// <summary>A visitor token unused for this long no longer opens the chat; the widget then starts a new session.</summary>
    public TimeSpan VisitorIdleTimeout { get; set; } = TimeSpan.FromDays(7);
}
