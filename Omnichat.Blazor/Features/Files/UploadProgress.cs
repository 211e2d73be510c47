using Microsoft.AspNetCore.Components.Forms;

namespace Omnichat.Blazor.Features.Files;

/// <summary>
/// A browser file that reports how much of it has been read, so the composer can show an upload's percentage while
/// the file store reads (and checks) it. The store stays unaware: it reads a stream as before.
/// </summary>
public sealed class UploadProgress(IBrowserFile file, Action<int> percentRead) : IBrowserFile
{
    public string Name => file.Name;
    public DateTimeOffset LastModified => file.LastModified;
    public long Size => file.Size;
    public string ContentType => file.ContentType;

    public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
        new CountingStream(file.OpenReadStream(maxAllowedSize, cancellationToken), file.Size, percentRead);

    /// <summary>Reports whole percentages, each once, as the bytes go by.</summary>
    private sealed class CountingStream(Stream inner, long size, Action<int> percentRead) : Stream
    {
        private long read;
        private int reported = -1;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            var percent = size <= 0 ? 100 : (int)Math.Min(100, read * 100 / size);
            if (percent != reported)
            {
                reported = percent;
                percentRead(percent);
            }
            return bytes;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
