using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Files;

/// <summary>
/// Limits on all files of one outgoing message together, as the providers set them (each file's own limit is the
/// <see cref="FileValidator"/>'s): MMS carries at most 10 files and 5 MB in all; a WhatsApp message one file of at most 16 MB; a Messenger message one of 25 MB.
/// </summary>
public sealed class OutboundMediaLimits(IStringLocalizer<Strings> L)
{
    private static readonly Dictionary<ChannelKind, (int Count, long TotalBytes)> Limits = new()
    {
        [ChannelKind.Sms] = (10, 5 * FileSizes.Megabyte),
        [ChannelKind.WhatsApp] = (1, 16 * FileSizes.Megabyte),
        [ChannelKind.Facebook] = (1, 25 * FileSizes.Megabyte),
    };

    /// <summary>Why these files cannot go out together on <paramref name="channel"/>, or null when they can.</summary>
    public string? Check(ChannelKind channel, IReadOnlyCollection<long> fileSizes)
    {
        if (!Limits.TryGetValue(channel, out var limit) || fileSizes.Count == 0) return null;
        var channelName = L[$"Files.Channel.{channel}"];
        if (fileSizes.Count > limit.Count) return L["Files.Refused.TooMany", channelName, limit.Count];
        var total = fileSizes.Sum();
        return total > limit.TotalBytes ? L["Files.Refused.TotalTooLarge", FileSizes.Format(total), channelName, FileSizes.Format(limit.TotalBytes)] : null;
    }
}
