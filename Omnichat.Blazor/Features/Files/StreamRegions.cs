namespace Omnichat.Blazor.Features.Files;

/// <summary>Reads fixed-size regions of a seekable file, for the validators that parse binary structures by offset.</summary>
public static class StreamRegions
{
    /// <summary>The <paramref name="count"/> bytes at <paramref name="position"/>; a region past the end is a broken file.</summary>
    public static byte[] ReadAt(this Stream content, long position, int count)
    {
        if (position < 0 || position + count > content.Length) throw new EndOfStreamException();
        content.Position = position;
        var buffer = new byte[count];
        content.ReadExactly(buffer);
        return buffer;
    }
}
