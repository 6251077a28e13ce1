// Running word count, paced: the sample of the README's recovery walkthrough (kill it, run it again, lose nothing).
//
// Run from the repository root:
//   dotnet run --project Silo -- run samples/running_count.csx
//   dotnet run --project Silo -- run samples/running_count.csx -r recovery/ -s 1 --arg delay=50 --arg output=counts.txt
//
// Reads the text file given by `--arg input=PATH` (default samples/data/wordcount.txt, 66 lines; a relative path
// is looked up in the current directory, then in the directory above this script), waiting `--arg delay=MS`
// milliseconds (default 0) before each line, so that a run lasts long enough to be killed. Each word (a maximal
// run of letters, lowercased) is keyed by itself, and a StatefulMap counts it: for every word of the text one
// line `word<TAB>count so far` goes to the file given by `--arg output=PATH` (a FileSink: exactly once across a
// crash and resume), or to stdout without it (at least once: after a crash, the lines of the epochs that were not
// committed are printed again). With one worker the lines come in the order of the text.

using System.Globalization;
using System.Threading;

var input = Args.GetValueOrDefault("input") ?? "samples/data/wordcount.txt";
if (!File.Exists(input) && !Path.IsPathRooted(input))
{
    var besideScript = Path.Combine(ScriptDirectory, "..", input);
    input = File.Exists(besideScript) ? Path.GetFullPath(besideScript) : input;
}

if (!File.Exists(input))
{
    throw new FileNotFoundException($"running_count input '{input}' does not exist; pass --arg input=PATH", input);
}

var delay = TimeSpan.FromMilliseconds(int.Parse(Args.GetValueOrDefault("delay") ?? "0", CultureInfo.InvariantCulture));
var output = Args.GetValueOrDefault("output");

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
            yield return line[start..i].ToLowerInvariant();
            start = -1;
        }
    }
}

var flow = new Dataflow("running_count");
// One line per batch: the worker cuts epochs (and commits them) between lines, which a 1 000-line batch would not allow.
var counts = flow.Input("read", new FileSource(input, batchSize: 1))
    .Map("pace", line =>
    {
        // Holds the worker, as a slow source would: the point is a run that lasts long enough to be killed.
        Thread.Sleep(delay);
        return line;
    })
    .FlatMap("words", Words)
    .KeyOn("by_word", word => word)
    .StatefulMap<string, long?, long>("count", (seen, _) => ((seen ?? 0) + 1, (seen ?? 0) + 1))
    .Map("format", wordCount => (wordCount.Key, $"{wordCount.Key}\t{wordCount.Value.ToString(CultureInfo.InvariantCulture)}"));
if (output is null)
{
    counts.Map("line", line => line.Item2).Output("out", new StdOutSink<string>());
}
else
{
    counts.Output("out", new FileSink(output));
}

flow
