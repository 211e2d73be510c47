namespace Omnichat.Blazor.Features.Channels.LiveChat;

/// <summary>Website settings of a live-chat channel account (one row per account of kind LiveChat).</summary>
public class LiveChatSite
{
    public int ChannelAccountId { get; set; }

    /// <summary>Origins (scheme://host[:port]) whose pages may embed the widget, one per line.</summary>
    public string AllowedOrigins { get; set; } = "";

    public string Greeting { get; set; } = "Hi! How can we help?";
    public string AccentColour { get; set; } = "#3949ab";
    public bool AskName { get; set; } = true;
    public bool AskEmail { get; set; }

    /// <summary>The latest page origin refused because it is not in <see cref="AllowedOrigins"/>, for the admin to see.</summary>
    public string? LastRefusedOrigin { get; set; }

    public DateTime? LastRefusedAt { get; set; }

    public IReadOnlyList<string> Origins =>
        AllowedOrigins.Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/')).ToList();
}

/// <summary>One website visitor, known by the signed token their browser keeps.</summary>
public class LiveChatVisitor
{
    public long Id { get; set; }
    public int ChannelAccountId { get; set; }

    /// <summary>Random public id; the contact identity value for this visitor.</summary>
    public string VisitorKey { get; set; } = "";

    public string? Name { get; set; }
    public string? Email { get; set; }
    public string LastIp { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>When the token last opened the chat; a token idle for longer than the configured time no longer does.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>Set when an agent ended the chat session or blocked the visitor: the token opens nothing any more.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>An IP address that may no longer use the live chat, until an admin lifts the block.</summary>
public class BlockedIp
{
    public long Id { get; set; }
    public string Ip { get; set; } = "";
    public DateTime BlockedAt { get; set; }
    public string? BlockedById { get; set; }
    public long? ConversationId { get; set; }
    public DateTime? LiftedAt { get; set; }
    public string? LiftedById { get; set; }
}
