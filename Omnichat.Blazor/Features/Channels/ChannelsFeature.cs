using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Channels.Meta;
using Omnichat.Blazor.Features.Channels.Simulator;
using Omnichat.Blazor.Features.Channels.Twilio;

namespace Omnichat.Blazor.Features.Channels;

public static class ChannelsFeature
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<TwilioOptions>(builder.Configuration.GetSection(TwilioOptions.Section));
        services.Configure<MetaOptions>(builder.Configuration.GetSection(MetaOptions.Section));
        services.AddSingleton<ChannelAdmin>();
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<WebhookIntake>();
        services.AddSingleton<InboundEvents>();
        services.AddSingleton<FailedEvents>();
        services.AddSingleton<InboundProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundProcessor>());
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddSingleton<OutboxActions>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ProviderMedia>();

        services.AddSingleton<IChannelSender, TwilioSender>();
        services.AddSingleton<TwilioMedia>();
        services.AddSingleton<IInboundParser, TwilioInboundParser>();
        services.AddHttpClient(TwilioSender.HttpClientName, (sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TwilioOptions>>().Value.TimeoutSeconds))
            .AddHttpMessageHandler(sp => new RewriteHostHandler(() => new Uri(sp.GetRequiredService<IOptions<TwilioOptions>>().Value.ApiBaseUrl)));

        services.AddSingleton<IChannelSender, MetaSender>();
        services.AddSingleton<MetaMedia>();
        services.AddSingleton<MetaGraph>();
        services.AddSingleton<IInboundParser, MetaInboundParser>();
        services.AddHttpClient(MetaSender.HttpClientName, (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<MetaOptions>>().Value.TimeoutSeconds));

        services.AddHttpClient(SimulatorApi.HttpClientName)
            .AddHttpMessageHandler(sp => new RewriteHostHandler(() => new Uri(sp.GetRequiredService<PublicUrls>().LocalBase + SimulatorApi.BasePath)));

        services.AddSingleton<SimulatorPhones>();
        services.AddSingleton<CustomerPhone>();
        services.AddSingleton<MetaCustomerPhone>();
        return builder;
    }

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTwilioWebhooks();
        endpoints.MapMetaWebhooks();
        endpoints.MapSimulatorApi();
        endpoints.MapMetaSimulatorApi();
        return endpoints;
    }
}
