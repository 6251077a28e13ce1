// Word count: the "hello world" of stream processing (Bytewax's wordcount example).
//
// Run from the repository root:
//   dotnet run --project Silo -- run samples/wordcount.csx
//   dotnet run --project Silo -- run samples/wordcount.csx -w 4 --arg input=path/to/text.txt
//
// Reads the text file given by `--arg input=PATH` (default samples/data/wordcount.txt; a relative path is
// looked up in the current directory, then in the directory above this script), lowercases each line, splits
// it into words (maximal runs of letters, char.IsLetter), counts every word, and at the end of the input prints
// one line per distinct word: `word<TAB>count`. Nothing else goes to stdout. Lines come in key order per
// worker; with several workers the workers' lines interleave, so sort the output to compare runs.

var input = Args.GetValueOrDefault("input") ?? "samples/data/wordcount.txt";
if (!File.Exists(input) && !Path.IsPathRooted(input))
{
    var besideScript = Path.Combine(ScriptDirectory, "..", input);
    input = File.Exists(besideScript) ? Path.GetFullPath(besideScript) : input;
}

if (!File.Exists(input))
{
    throw new FileNotFoundException($"wordcount input '{input}' does not exist; pass --arg input=PATH", input);
}

static IEnumerable<string> Words(string line)
{
    var start = -1;
    for (var i = 0; i <= line.Length; i++)
    {
        var isLetter = i < line.Length && char.IsLetter(line[i]);
        if (isLetter && start < 0)
        {
            start = i;
        }
        else if (!isLetter && start >= 0)
        {
            yield return line[start..i];
            start = -1;
        }
    }
}

var flow = new Dataflow("wordcount");
flow.Input("read", new FileSource(input))
    .Map("lower", line => line.ToLowerInvariant())
    .FlatMap("words", Words)
    .CountFinal("count", word => word)
    .Map("format", wordCount => $"{wordCount.Key}\t{wordCount.Value}")
    .Output("out", new StdOutSink<string>());
flow
