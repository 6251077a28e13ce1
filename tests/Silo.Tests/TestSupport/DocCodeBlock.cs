using System.Text.RegularExpressions;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>A fenced C# block of README.md or a page of docs/, with how it is meant to run (see docs/contributing-docs.md).</summary>
/// <param name="File">The Markdown file, relative to the repository root.</param>
/// <param name="Line">The line of the opening fence.</param>
/// <param name="Kind">What the block is: a flow script, a program, or a fragment that does not run.</param>
/// <param name="Code">The block's text, without its fences.</param>
internal sealed partial record DocCodeBlock(string File, int Line, DocCodeBlockKind Kind, string Code)
{
    /// <summary>Every C# block of README.md and docs/*.md, in file and line order.</summary>
    public static IReadOnlyList<DocCodeBlock> All { get; } = Load();

    /// <summary>The blocks of <paramref name="file"/> (relative to the repository root).</summary>
    public static IEnumerable<DocCodeBlock> Of(string file) => All.Where(block => block.File == file);

    /// <summary>Where the block is, as a reader finds it: <c>README.md:33</c>.</summary>
    public override string ToString() => $"{File}:{Line}";

    private static List<DocCodeBlock> Load()
    {
        var files = new List<string> { "README.md" };
        files.AddRange(Directory.GetFiles(RepositoryPaths.Combine("docs"), "*.md")
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));
        var blocks = new List<DocCodeBlock>();
        foreach (var file in files)
        {
            var text = System.IO.File.ReadAllText(RepositoryPaths.Combine(file)).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (Match match in Fence().Matches(text))
            {
                var line = text.AsSpan(0, match.Index).Count('\n') + 1;
                var marker = match.Groups["marker"].Value;
                var kind = marker switch
                {
                    "" => DocCodeBlockKind.FlowScript,
                    "program" => DocCodeBlockKind.Program,
                    "no-run" => DocCodeBlockKind.NoRun,
                    _ => throw new InvalidOperationException($"{file}:{line}: unknown marker '```csharp {marker}' (expected nothing, 'program' or 'no-run')"),
                };
                blocks.Add(new DocCodeBlock(file, line, kind, match.Groups["code"].Value));
            }
        }

        return blocks;
    }

    // Only fences at the start of a line: an indented block inside a list item is a shell example, never C#.
    [GeneratedRegex(@"^```csharp(?: (?<marker>[a-z-]+))?\n(?<code>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Fence();
}
