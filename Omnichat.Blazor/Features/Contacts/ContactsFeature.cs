namespace Omnichat.Blazor.Features.Contacts;

public static class ContactsFeature
{
    public static IHostApplicationBuilder AddContacts(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ContactsOptions>(builder.Configuration.GetSection(ContactsOptions.Section));
        builder.Services.AddSingleton<ContactAddresses>();
        builder.Services.AddSingleton<ContactService>();
        builder.Services.AddSingleton<ContactDirectory>();
        builder.Services.AddSingleton<ContactMerge>();
        builder.Services.AddSingleton<ContactErasure>();
        return builder;
    }
}
