using System.Collections.Concurrent;
using Omnichat.Blazor.Features.Users;

namespace Omnichat.Blazor.Features.Conversations;

/// <summary>
/// The rules of <see cref="ConversationAccess"/>, compiled for one viewer, to judge a <see cref="ConversationSnapshot"/>
/// in memory. Compiled from the same expressions the queries use, once per viewer, shared by all their consoles.
/// </summary>
public sealed class ConversationAccessInMemory
{
    private static readonly ConcurrentDictionary<Viewer, ConversationAccessInMemory> compiled = new();

    private ConversationAccessInMemory(Viewer viewer)
    {
        CanSee = ConversationAccess.CanSee(viewer).Compile();
        CanAct = ConversationAccess.CanAct(viewer).Compile();
        CanManage = ConversationAccess.CanManage(viewer).Compile();
        CanDelete = ConversationAccess.CanDelete(viewer).Compile();
    }

    public static ConversationAccessInMemory For(Viewer viewer) => compiled.GetOrAdd(viewer, v => new ConversationAccessInMemory(v));

    /// <summary>Judge a conversation loaded with its offers, as a snapshot is.</summary>
    public Func<Conversation, bool> CanSee { get; }
    public Func<Conversation, bool> CanAct { get; }
    public Func<Conversation, bool> CanManage { get; }
    public Func<Conversation, bool> CanDelete { get; }
}
