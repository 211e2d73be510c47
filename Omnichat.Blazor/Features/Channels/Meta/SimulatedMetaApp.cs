using System.Security.Cryptography;

namespace Omnichat.Blazor.Features.Channels.Meta;

/// <summary>Credentials for a Meta channel that talks to the built-in simulator: random, since nothing outside checks them.</summary>
public static class SimulatedMetaApp
{
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
