namespace Omnichat.Blazor.Features.Conversations;

public static class ConversationsFeature
{
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationBus>();
        builder.Services.AddSingleton<ConversationLifecycle>();
        builder.Services.AddSingleton<ConversationErasure>();
        builder.Services.AddSingleton<ConversationIntake>();
        builder.Services.AddSingleton<InboxQuery>();
        builder.Services.AddSingleton<ConversationFanOut>();
        builder.Services.AddSingleton<ConversationReader>();
        builder.Services.AddSingleton<ConversationReadMarks>();
        builder.Services.AddSingleton<ConversationWaiting>();
        builder.Services.AddSingleton<SnoozeAlarm>();
        builder.Services.AddHostedService<SnoozeWorker>();
        builder.Services.AddSingleton<Colleagues>();
        builder.Services.AddScoped<TransferFlow>();
        builder.Services.AddScoped<ReversibleActions>();
        return builder;
    }
}
