using System.Threading.Channels;
using Omnichat.Blazor.Features.Conversations;

namespace Omnichat.Blazor.Features.Routing;

/// <summary>
/// Routing that reacts at once: when an agent signs in or out, goes Away or comes back, or takes, hands on or closes a
/// chat, <see cref="OfferReplanning"/> offers the waiting chats concerned again. Changes that arrive while a re-plan runs
/// are planned together in the next one.
/// </summary>
public sealed class LiveRouting(ConversationBus bus, AgentPresence presence, OfferReplanning replanning, ILogger<LiveRouting> logger) : BackgroundService
{
    private sealed record Signal(string? AvailabilityOf, ConversationChanged? Change);

    private readonly Channel<Signal> pending = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var agents = presence.Changes.Subscribe(change => pending.Writer.TryWrite(new Signal(change.UserId, null)));
        using var conversations = bus.Subscribe(change =>
        {
            if (ChangesLoad(change)) pending.Writer.TryWrite(new Signal(null, change));
        });

        while (await pending.Reader.WaitToReadAsync(stoppingToken))
        {
            var signals = new List<Signal>();
            while (pending.Reader.TryRead(out var signal)) signals.Add(signal);
            var changes = signals.Select(s => s.Change).OfType<ConversationChanged>().ToList();
            var change = new RoutingChange(
                signals.Select(s => s.AvailabilityOf).OfType<string>().ToHashSet(),
                changes.Select(c => c.ActorId).OfType<string>().ToHashSet(),
                changes.Select(c => c.ConversationId).ToHashSet());
            try
            {
                await replanning.ReplanAsync(change, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Offering waiting chats again failed after changes of {Agents} agent(s) and {Chats} chat(s)",
                    change.AvailabilityChanged.Count + change.LoadChanged.Count, change.Conversations.Count);
            }
        }
    }

    /// <summary>Changes after which someone owns more or fewer open chats: taken, handed on, closed, archived, deleted, or started by an agent.</summary>
    private static bool ChangesLoad(ConversationChanged change) => change.Change switch
    {
        ConversationChange.Claimed or ConversationChange.Transferred or ConversationChange.StatusChanged or ConversationChange.Deleted => true,
        ConversationChange.Created => change.ActorId is not null,
        _ => false,
    };
}
