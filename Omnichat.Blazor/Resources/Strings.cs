namespace Omnichat.Blazor.Resources;

/// <summary>Marker for the user-visible strings in Strings.resx (English) and Strings.nl.resx (Dutch).</summary>
public sealed class Strings;
