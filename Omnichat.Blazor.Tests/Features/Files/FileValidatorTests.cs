using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omnichat.Blazor.Features.Channels;
using Omnichat.Blazor.Features.Files;
using static Omnichat.Blazor.Tests.Features.Files.FileSamples;
using Omnichat.Blazor.Tests.Infrastructure;

namespace Omnichat.Blazor.Tests.Features.Files;

public class FileValidatorTests
{
    private const long MB = FileSizes.Megabyte;

    private static FileValidator CreateValidator(FileLimitOptions? limits = null) =>
        new(Options.Create(limits ?? new FileLimitOptions()), TestLocalization.English());

    public sealed record Sample(string FileName, Func<byte[]> Content, ChannelKind Channel = ChannelKind.Internal);

    /// <summary>One real, small file of every allowed extension.</summary>
    private static readonly Dictionary<string, (Sample Sample, FileKind Kind)> Allowed = new()
    {
        ["pdf"] = (new("contract.pdf", Pdf), FileKind.Pdf),
        ["doc"] = (new("letter.doc", () => CompoundFile("WordDocument")), FileKind.Doc),
        ["doc with a directory spanning sectors"] = (new("long.doc", () => CompoundFile("WordDocument", fillerEntries: 6)), FileKind.Doc),
        ["docx"] = (new("letter.docx", Docx), FileKind.Docx),
        ["ppt"] = (new("slides.ppt", () => CompoundFile("PowerPoint Document")), FileKind.Ppt),
        ["pptx"] = (new("slides.pptx", Pptx), FileKind.Pptx),
        ["xls"] = (new("figures.xls", () => CompoundFile("Workbook")), FileKind.Xls),
        ["xls in the older BIFF5 layout"] = (new("old.xls", () => CompoundFile("Book")), FileKind.Xls),
        ["xlsx"] = (new("figures.xlsx", Xlsx), FileKind.Xlsx),
        ["txt"] = (new("notes.txt", Text), FileKind.Text),
        ["rtf"] = (new("memo.rtf", Rtf), FileKind.Rtf),
        ["jpg"] = (new("photo.jpg", Jpeg), FileKind.Jpeg),
        ["jpeg"] = (new("photo.JPEG", Jpeg), FileKind.Jpeg),
        ["png"] = (new("screen.png", Png), FileKind.Png),
        ["gif"] = (new("smile.gif", Gif), FileKind.Gif),
        ["bmp"] = (new("paint.bmp", Bmp), FileKind.Bmp),
        ["webp"] = (new("banner.webp", Webp), FileKind.Webp),
        ["tiff"] = (new("scan.tiff", Tiff), FileKind.Tiff),
        ["tif"] = (new("scan.tif", () => [.. "MM\0*"u8, 0, 0, 0, 8, 0, 0]), FileKind.Tiff),
        ["heic"] = (new("iphone.heic", () => Ftyp("heic", "mif1", "heic")), FileKind.Heif),
        ["heif"] = (new("camera.heif", () => Ftyp("mif1", "heif")), FileKind.Heif),
        ["heic compatible brand"] = (new("burst.heic", () => Ftyp("isom", "msf1")), FileKind.Heif),
        ["large docx with ordinary XML compression"] = (new("report.docx", () => OfficeZip("word/document.xml", WordMain, more: [("word/media/table.xml", Ascii(string.Concat(Enumerable.Range(0, 1_500_000).Select(i => $"<r>{i}</r>"))))])), FileKind.Docx),
        ["pdf to WhatsApp within the document limit"] = (new("manual.pdf", () => Padded(Pdf(), 10 * MB), ChannelKind.WhatsApp), FileKind.Pdf),
        ["html as txt: served as text/plain attachment with nosniff"] = (new("page.txt", () => Ascii("<html><script>alert(1)</script></html>")), FileKind.Text),
    };

    private static readonly Dictionary<string, (Sample Sample, string Reason)> Hostile = new()
    {
        ["executable renamed to pdf"] = (new("invoice.pdf", () => [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0]), "invoice.pdf is not a PDF"),
        ["ELF renamed to png"] = (new("photo.png", () => [0x7F, .. "ELF"u8, 2, 1, 1, 0]), "photo.png is not a PNG image"),
        ["html renamed to pdf"] = (new("report.pdf", () => Ascii("<html><body><script>alert(document.cookie)</script></body></html>")), "report.pdf is not a PDF"),
        ["svg with script renamed to png"] = (new("logo.png", () => Ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")), "logo.png is not a PNG image"),
        ["svg"] = (new("drawing.svg", () => Ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")), "drawing.svg is not an allowed type"),
        ["html"] = (new("page.html", () => Ascii("<html></html>")), "page.html is not an allowed type"),
        ["exe"] = (new("setup.exe", () => [.. "MZ"u8, 0x90, 0]), "setup.exe is not an allowed type"),
        ["js"] = (new("app.js", () => Ascii("alert(1)")), "app.js is not an allowed type"),
        ["GIF polyglot as html"] = (new("gifar.html", () => [.. Gif(), .. "<script>alert(1)</script>"u8]), "gifar.html is not an allowed type"),
        ["double extension hiding an executable"] = (new("invoice.pdf.exe", Pdf), "invoice.pdf.exe is not an allowed type"),
        ["no extension"] = (new("README", Text), "README is not an allowed type"),
        ["path traversal"] = (new("../../etc/passwd.txt", Text), "../../etc/passwd.txt contains a folder path; only a plain file name is accepted"),
        ["windows path"] = (new(@"..\windows\win.ini.txt", Text), @"..\windows\win.ini.txt contains a folder path; only a plain file name is accepted"),
        ["right-to-left override hiding exe"] = (new("photo\u202Egpj.exe", Jpeg), "The file name photo?gpj.exe contains control or invisible characters"),
        ["control character in name"] = (new("bad\u0000.pdf", Pdf), "The file name bad?.pdf contains control or invisible characters"),
        ["no name"] = (new(" ", Pdf), "The file has no name"),
        ["empty file"] = (new("empty.pdf", () => []), "empty.pdf is empty"),
        ["image over the WhatsApp image limit"] = (new("photo.jpg", () => Padded(Jpeg(), 12 * MB), ChannelKind.WhatsApp), "photo.jpg is 12 MB; WhatsApp allows 5 MB"),
        ["document over the MMS limit"] = (new("scan.pdf", () => Padded(Pdf(), 6 * MB), ChannelKind.Sms), "scan.pdf is 6 MB; SMS/MMS allows 5 MB"),
        ["zip without office parts renamed docx"] = (new("letter.docx", () => Zip([("readme.txt", Ascii("hello"))])), "letter.docx is not a Word document"),
        ["macro-enabled document renamed docx"] = (new("macro.docx", () => OfficeZip("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")), "macro.docx is not a Word document"),
        ["content types naming a missing part"] = (new("hollow.pptx", () => Zip([("[Content_Types].xml", Ascii($"<Types><Override PartName=\"/ppt/presentation.xml\" ContentType=\"{PowerPointMain}\"/></Types>"))])), "hollow.pptx is not a PowerPoint presentation"),
        ["word document renamed xlsx"] = (new("figures.xlsx", Docx), "figures.xlsx is not an Excel workbook"),
        ["outlook message renamed doc"] = (new("mail.doc", () => CompoundFile("__substg1.0_0037001F")), "mail.doc is not a Word document"),
        ["excel workbook renamed doc"] = (new("figures.doc", () => CompoundFile("Workbook", fillerEntries: 5)), "figures.doc is not a Word document"),
        ["compound file header without a directory"] = (new("slides.ppt", CompoundFileHeaderOnly), "slides.ppt is not a PowerPoint presentation"),
        ["office zip renamed xls"] = (new("figures.xls", Xlsx), "figures.xls is not an Excel workbook"),
        ["truncated zip"] = (new("broken.docx", () => Docx()[..40]), "broken.docx is not a Word document"),
        ["zip bomb shaped docx"] = (new("bomb.docx", () => ZipBombDocx(200 * MB)), "bomb.docx would unpack to more than 100 times its size; it looks like a zip bomb"),
        ["docx declaring a 4 GB part"] = (new("huge.docx", () => WithDeclaredSize(Docx(), "word/document.xml", 0xFFFF_FFF0)), "huge.docx would unpack to more than 100 times its size; it looks like a zip bomb"),
        ["zip bomb of many small parts"] = (new("bomb.xlsx", () => OfficeZip("xl/workbook.xml", ExcelMain, more: Enumerable.Range(0, 40).Select(i => ($"xl/media/zeros{i}.bin", new byte[MB])))), "bomb.xlsx would unpack to more than 100 times its size; it looks like a zip bomb"),
        ["thousands of parts"] = (new("many.xlsx", () => OfficeZip("xl/workbook.xml", ExcelMain, extraEntries: 5_000)), "many.xlsx has too many parts to be a genuine document"),
        // Refused from the end record's count alone, before the directory's entries are parsed.
        ["directory claiming 60,000 parts"] = (new("claims.docx", () => WithDeclaredEntryCount(Docx(), 60_000)), "claims.docx has too many parts to be a genuine document"),
        ["text with NUL bytes"] = (new("notes.txt", () => [.. "abc"u8, 0, .. "def"u8]), "notes.txt is not plain UTF-8 text"),
        ["text with escape sequences"] = (new("tty.txt", () => [.. "abc"u8, 0x1B, .. "[31mred"u8]), "tty.txt is not plain UTF-8 text"),
        ["latin-1 text"] = (new("latin.txt", () => [.. "caf"u8, 0xE9]), "latin.txt is not plain UTF-8 text"),
        ["html renamed to rtf"] = (new("memo.rtf", () => Ascii("<html></html>")), "memo.rtf is not an RTF document"),
        ["bmp magic with nonsense header"] = (new("paint.bmp", () => Padded("BMxxxxxxxxxxxxxx"u8.ToArray(), 64)), "paint.bmp is not a BMP image"),
        ["wav renamed to webp"] = (new("sound.webp", () => [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WAVEfmt "u8]), "sound.webp is not a WebP image"),
        ["png renamed to tiff"] = (new("scan.tiff", Png), "scan.tiff is not a TIFF image"),
        ["mp4 video renamed to heic"] = (new("clip.heic", () => Ftyp("mp42", "isom", "mp42")), "clip.heic is not a HEIF image"),
        ["pdf renamed to jpg"] = (new("photo.jpg", Pdf), "photo.jpg is not a JPEG image"),
        // Pictures are decoded in full: a right first few bytes are not enough.
        ["png signature followed by junk"] = (new("photo.png", () => [.. Png()[..16], .. Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7))]), "photo.png is not a PNG image"),
        ["png cut short"] = (new("cut.png", () => Picture(64, 64, SkiaSharp.SKEncodedImageFormat.Png)[..^40]), "cut.png is not a PNG image"),
        ["jpeg cut in half"] = (new("half.jpg", () => Picture(64, 64, SkiaSharp.SKEncodedImageFormat.Jpeg) is var jpeg ? jpeg[..(jpeg.Length / 2)] : []), "half.jpg is not a JPEG image"),
        ["gif header followed by junk"] = (new("anim.gif", () => [.. "GIF89a"u8, .. Enumerable.Range(0, 5_000).Select(i => (byte)(i * 13))]), "anim.gif is not a GIF image"),
        ["png claiming 100,000 × 100,000 pixels"] = (new("bomb.png", () => PngClaiming(100_000, 100_000)), "bomb.png has more than 50 megapixels; send a smaller picture"),
    };

    public static TheoryData<string> AllowedCases => [.. Allowed.Keys];
    public static TheoryData<string> HostileCases => [.. Hostile.Keys];

    [Theory]
    [MemberData(nameof(AllowedCases))]
    public async Task Accepts_a_real_file_of_every_allowed_type(string caseName)
    {
        var (sample, kind) = Allowed[caseName];
        var verdict = await CreateValidator().ValidateAsync(sample.FileName, new MemoryStream(sample.Content()), sample.Channel);

        Assert.Null(verdict.Refusal);
        Assert.Equal(kind, verdict.Type?.Kind);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Refuses_a_hostile_file_saying_why(string caseName)
    {
        var (sample, reason) = Hostile[caseName];
        var verdict = await CreateValidator().ValidateAsync(sample.FileName, new MemoryStream(sample.Content()), sample.Channel);

        Assert.False(verdict.IsAccepted);
        Assert.Equal(reason, verdict.Refusal);
    }

    [Fact]
    public void Covers_every_extension_on_the_allow_list()
    {
        var sampled = Allowed.Values.Select(a => Path.GetExtension(a.Sample.FileName).TrimStart('.').ToLowerInvariant()).ToHashSet();
        Assert.Empty(FileType.ByExtension.Keys.Except(sampled));
    }

    [Fact]
    public async Task Reads_a_stream_that_cannot_seek_and_stops_at_the_limit()
    {
        var validator = CreateValidator();

        var small = await validator.ValidateAsync("letter.docx", new ForwardOnlyStream(Docx()), ChannelKind.LiveChat);
        var big = await validator.ValidateAsync("big.pdf", new ForwardOnlyStream(Padded(Pdf(), 21 * MB)), ChannelKind.LiveChat);

        Assert.True(small.IsAccepted);
        Assert.Equal("big.pdf is larger than 20 MB; Live chat allows 20 MB", big.Refusal);
    }

    [Fact]
    public async Task Refusals_follow_the_interface_language()
    {
        var validator = CreateValidator();
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("nl");

        var oversize = await validator.ValidateAsync("photo.jpg", new MemoryStream(Padded(Jpeg(), 12 * MB)), ChannelKind.WhatsApp);
        var disguised = await validator.ValidateAsync("figures.xlsx", new MemoryStream(Docx()), ChannelKind.WhatsApp);

        Assert.Equal("photo.jpg is 12 MB; WhatsApp staat 5 MB toe", oversize.Refusal);
        Assert.Equal("figures.xlsx is geen Excel-werkmap", disguised.Refusal);
    }

    [Fact]
    public void Limits_are_configurable_per_channel_and_keep_the_other_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Omnichat:Files:Limits:WhatsApp:ImageMegabytes"] = "8",
            ["Omnichat:Files:Limits:Sms:DocumentMegabytes"] = "1",
        }).Build();
        var services = new ServiceCollection().Configure<FileLimitOptions>(configuration.GetSection(FileLimitOptions.Section)).BuildServiceProvider();
        var limits = services.GetRequiredService<IOptions<FileLimitOptions>>().Value;
        var pdf = FileType.ByExtension["pdf"];
        var png = FileType.ByExtension["png"];

        Assert.Equal(8 * MB, limits.MaxBytes(ChannelKind.WhatsApp, png));
        Assert.Equal(16 * MB, limits.MaxBytes(ChannelKind.WhatsApp, pdf));
        Assert.Equal(1 * MB, limits.MaxBytes(ChannelKind.Sms, pdf));
        Assert.Equal(5 * MB, limits.MaxBytes(ChannelKind.Sms, png));
        Assert.Equal(50 * MB, limits.MaxBytes(ChannelKind.Internal, pdf));
    }

    /// <summary>Like a browser upload or a provider download: readable once, length unknown.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
