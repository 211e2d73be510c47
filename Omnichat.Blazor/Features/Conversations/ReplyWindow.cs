using Microsoft.EntityFrameworkCore;
using Omnichat.Blazor.Data;
using Omnichat.Blazor.Features.Channels;

namespace Omnichat.Blazor.Features.Conversations;

public enum ReplyWindowState
{
    /// <summary>The channel has no window: live chat, SMS, internal notes.</summary>
    Unlimited,
    /// <summary>Within 24 hours of the customer's last message: any reply goes.</summary>
    Open,
    /// <summary>Messenger after 24 hours, within 7: replies go with the HUMAN_AGENT tag.</summary>
    HumanAgentTag,
    /// <summary>WhatsApp after 24 hours: only an approved template goes.</summary>
    TemplatesOnly,
    /// <summary>Messenger after the window (and the tag's 7 days, when enabled): nothing goes until the customer writes.</summary>
    Closed,
}

/// <summary>
/// Meta's customer-service window (WhatsApp on both providers, and Messenger): free-form replies only within 24 hours
/// of the customer's last message. Knowing it up front lets the console say so instead of letting the send fail.
/// </summary>
/// <param name="Until">When the current state ends: the window (or the tag's 7 days) closes; null when it never does.</param>
public sealed record ReplyWindow(ReplyWindowState State, DateTime? Until)
{
    public const string HumanAgentTagName = "HUMAN_AGENT";
    public static readonly TimeSpan CustomerService = TimeSpan.FromHours(24);
    public static readonly TimeSpan HumanAgent = TimeSpan.FromDays(7);

    public static readonly ReplyWindow Unlimited = new(ReplyWindowState.Unlimited, null);

    public bool AllowsFreeForm => State is ReplyWindowState.Unlimited or ReplyWindowState.Open or ReplyWindowState.HumanAgentTag;

    /// <summary>The message tag a free-form reply needs now, if any.</summary>
    public string? Tag => State == ReplyWindowState.HumanAgentTag ? HumanAgentTagName : null;

    /// <param name="lastInbound">The customer's last message on this channel; null when they never wrote (an outbound start).</param>
    public static ReplyWindow For(ChannelKind channel, bool useHumanAgentTag, DateTime? lastInbound, DateTime now)
    {
        if (channel is not (ChannelKind.WhatsApp or ChannelKind.Facebook)) return Unlimited;
        var closes = lastInbound + CustomerService;
        if (closes > now) return new(ReplyWindowState.Open, closes);
        if (channel == ChannelKind.WhatsApp) return new(ReplyWindowState.TemplatesOnly, closes);
        var tagEnds = lastInbound + HumanAgent;
        return useHumanAgentTag && tagEnds > now ? new(ReplyWindowState.HumanAgentTag, tagEnds) : new(ReplyWindowState.Closed, closes);
    }

    /// <summary>
    /// The window of a conversation, from the customer's last message on its channel in any of their conversations: a
    /// conversation an agent started has none of its own.
    /// </summary>
    public static async Task<ReplyWindow> ForAsync(OmnichatDbContext db, long conversationId, DateTime now, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => new { c.Channel, c.ChannelAccountId, c.ContactId, Tag = c.ChannelAccount != null && c.ChannelAccount.UseHumanAgentTag })
            .SingleOrDefaultAsync(ct);
        if (conversation is null || conversation.Channel is not (ChannelKind.WhatsApp or ChannelKind.Facebook)) return Unlimited;
        var customersConversations = db.Conversations
            .Where(c => c.ChannelAccountId == conversation.ChannelAccountId && (c.Id == conversationId || (conversation.ContactId != null && c.ContactId == conversation.ContactId)))
            .Select(c => c.Id);
        var lastInbound = await db.Messages
            .Where(m => m.Direction == MessageDirection.Inbound && customersConversations.Contains(m.ConversationId))
            .MaxAsync(m => (DateTime?)m.SentAt, ct);
        return For(conversation.Channel, conversation.Tag, lastInbound, now);
    }
}
