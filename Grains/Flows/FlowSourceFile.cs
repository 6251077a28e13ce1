namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A file a submitted script brings with it (one its <c>#load</c> or <c>#r</c> names), by its path relative to the script's directory.</summary>
/// <param name="Path">Where the file is under the script's directory, with <c>/</c> between directories; never rooted, never through <c>..</c>.</param>
/// <param name="Content">The file's bytes.</param>
[GenerateSerializer, Immutable]
public sealed record FlowSourceFile(
    [property: Id(0)] string Path,
    [property: Id(1)] byte[] Content)
{
    /// <summary>Whether <paramref name="path"/> is a relative path that stays under the directory it is relative to: not rooted, not empty, no <c>..</c>, <c>.</c> or empty segment.</summary>
    public static bool IsUnder(string path)
        => !string.IsNullOrEmpty(path) && !System.IO.Path.IsPathRooted(path) && !path.Contains('\\', StringComparison.Ordinal)
            && path.Split('/').All(segment => segment.Length > 0 && segment is not "." and not "..");
}
