namespace Omnichat.Blazor.Features.Contacts;

public static class ContactsFeature
{
    public static IHostApplicationBuilder AddContacts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContactService>();
        return builder;
    }
}
