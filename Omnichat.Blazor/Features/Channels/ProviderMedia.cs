using Microsoft.Extensions.Localization;
using Omnichat.Blazor.Features.Conversations;
using Omnichat.Blazor.Features.Files;
using Omnichat.Blazor.Resources;

namespace Omnichat.Blazor.Features.Channels;

/// <summary>
/// Downloads the files that came with a customer's message from their provider and keeps what the file validator
/// accepts; anything else becomes a refused attachment with the reason. Each file has its own deadline.
/// </summary>
public sealed class ProviderMedia(FileValidator validator, FileStore files, Attachments attachments, IStringLocalizer<Strings> L)
{
    /// <summary>The names the message already has, stored or refused: after an interruption only the missing files are fetched.</summary>
    public Task<HashSet<string>> DoneAsync(InboundResult received, CancellationToken ct) => attachments.NamesForMessageAsync(received.MessageId, ct);

    /// <summary>
    /// Stores the file that <paramref name="open"/> answers with as <paramref name="name"/>. <paramref name="open"/>
    /// returns null when the provider gave no address it may be fetched from.
    /// </summary>
    public async Task SaveAsync(InboundResult received, string name, ChannelKind kind, string provider, TimeSpan timeout,
        Func<CancellationToken, Task<HttpResponseMessage?>> open, CancellationToken ct)
    {
        // A type we would refuse anyway is not downloaded at all.
        var refusal = validator.CheckName(name).Refusal ?? await DownloadAsync(received, name, kind, provider, timeout, open, ct);
        if (refusal is not null) await attachments.RecordRefusalAsync(received.ConversationId, received.MessageId, name, refusal, ct);
    }

    private async Task<string?> DownloadAsync(InboundResult received, string name, ChannelKind kind, string provider, TimeSpan timeout,
        Func<CancellationToken, Task<HttpResponseMessage?>> open, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await open(deadline.Token);
            if (response is null) return L["Files.Refused.NoAddress", name];
            if (!response.IsSuccessStatusCode) return L["Files.Refused.Download", name, (int)response.StatusCode, provider];
            await using var content = await response.Content.ReadAsStreamAsync(deadline.Token);
            var stored = await files.SaveAsync(received.ConversationId, name, content, kind, received.MessageId, fromCustomer: true, deadline.Token);
            return stored.Refusal;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return L["Files.Refused.DownloadTimedOut", name, (int)timeout.TotalSeconds];
        }
        catch (HttpRequestException ex)
        {
            return L["Files.Refused.DownloadFailed", name, ex.Message];
        }
    }
}
