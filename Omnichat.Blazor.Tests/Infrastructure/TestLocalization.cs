using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Tests.Infrastructure;

/// <summary>The app's real resources, in English, so tests assert the exact words people see.</summary>
public static class TestLocalization
{
    public static IStringLocalizer<Strings> English()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return new StringLocalizer<Strings>(factory);
    }
}
