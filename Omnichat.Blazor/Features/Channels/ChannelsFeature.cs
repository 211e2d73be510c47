namespace Omnichat.Blazor.Features.Channels;

public static class ChannelsFeature
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChannelAdmin>();
        return builder;
    }
}
