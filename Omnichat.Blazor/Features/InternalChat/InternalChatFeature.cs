namespace Omnichat.Blazor.Features.InternalChat;

public static class InternalChatFeature
{
    public static IHostApplicationBuilder AddInternalChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InternalChats>();
        builder.Services.AddSingleton<ColleagueTyping>();
        return builder;
    }
}
