// Event-time windows per sensor: count and mean of each sensor's readings in every 10-second window, with
// late readings reported instead of silently dropped (Bytewax's fold_window with an event clock).
//
// Run from the repository root:
//   dotnet run --project Silo -- run samples/windowing.csx
//   dotnet run --project Silo -- run samples/windowing.csx -w 4 --arg wait=5 --arg window=20 --arg input=path/to/readings.csv
//
// Reads the CSV file given by `--arg input=PATH` (default samples/data/sensors.csv; a relative path is looked
// up in the current directory, then in the directory above this script). Its first line must be the header
// `timestamp,sensor,value`; every other non-empty line is one reading: an ISO-8601 UTC time such as
// 2024-03-01T12:00:00.352Z, a sensor name and an integer. A line that is not exactly that fails the run with
// `malformed row in file `PATH`, line N: ...`, naming the bad field.
//
// Readings are keyed by sensor and put into tumbling windows of `--arg window=SECONDS` (default 10) aligned to
// 1970-01-01T00:00:00Z, by an event clock that waits `--arg wait=SECONDS` (default 0; fractions allowed) for
// readings older than the newest one of their sensor. For every window the sample prints one line on stdout,
// and nothing else goes to stdout:
//
//   sensor<TAB>window start (yyyy-MM-ddTHH:mm:ssZ)<TAB>count<TAB>mean (three decimals)
//
// A reading that arrives after its sensor's watermark (with wait 0: after a newer reading of the same sensor)
// is late: it is in no window, and one line `late: SENSOR TIMESTAMP VALUE (line N)` goes to stderr. At the end
// of the input, `late items: N` goes to stderr, once, however many workers run (the count starts from the
// header line, so an empty file prints nothing at all).
//
// On the default data, with the default settings, the output is (sorted; the order of lines varies with
// the number of workers):
//
//   attic    2024-03-01T12:00:00Z  3  29.333
//   attic    2024-03-01T12:00:10Z  3  30.667
//   attic    2024-03-01T12:00:20Z  3  29.667
//   attic    2024-03-01T12:00:30Z  3  28.333
//   attic    2024-03-01T12:00:40Z  1  29.000
//   cellar   2024-03-01T12:00:00Z  3  9.000
//   cellar   2024-03-01T12:00:10Z  2  8.000
//   cellar   2024-03-01T12:00:20Z  3  8.667
//   cellar   2024-03-01T12:00:30Z  3  9.667
//   cellar   2024-03-01T12:00:40Z  1  10.000
//   garage   2024-03-01T12:00:00Z  3  11.667
//   garage   2024-03-01T12:00:10Z  3  10.333
//   garage   2024-03-01T12:00:20Z  3  11.667
//   garage   2024-03-01T12:00:30Z  3  13.333
//   garage   2024-03-01T12:00:40Z  2  13.500
//   kitchen  2024-03-01T12:00:00Z  4  21.500
//   kitchen  2024-03-01T12:00:10Z  3  22.667
//   kitchen  2024-03-01T12:00:20Z  3  21.333
//   kitchen  2024-03-01T12:00:30Z  3  20.667
//   kitchen  2024-03-01T12:00:40Z  2  22.000
//
// (columns separated by one tab), and on stderr, in some order, then the total:
//
//   late: kitchen 2024-03-01T12:00:08.760Z 23 (line 17)
//   late: garage 2024-03-01T12:00:19.128Z 10 (line 36)
//   late: cellar 2024-03-01T12:00:12.409Z 8 (line 43)
//   late: attic 2024-03-01T12:00:30.512Z 29 (line 45)
//   late items: 4
//
// The attic reading at 12:00:30.512 is late although its window (12:00:30 to 12:00:40) is still open: the
// watermark, not the window, decides. The cellar reading at 12:00:04.933 (line 10) comes after readings of
// other sensors that are newer, but it is not late: clocks and watermarks are per key. With `--arg wait=5`
// only the garage and cellar readings are late; with `--arg wait=60` none is.

using System.Globalization;
using Orleans.Dataflow.Windowing;

const string Header = "timestamp,sensor,value";

var input = Args.GetValueOrDefault("input") ?? "samples/data/sensors.csv";
if (!File.Exists(input) && !Path.IsPathRooted(input))
{
    var besideScript = Path.Combine(ScriptDirectory, "..", input);
    input = File.Exists(besideScript) ? Path.GetFullPath(besideScript) : input;
}

if (!File.Exists(input))
{
    throw new FileNotFoundException($"windowing input '{input}' does not exist; pass --arg input=PATH", input);
}

var wait = Seconds("wait", 0, allowZero: true);
var windower = new TumblingWindower(Seconds("window", 10, allowZero: false), DateTimeOffset.UnixEpoch);

TimeSpan Seconds(string name, double byDefault, bool allowZero)
{
    var text = Args.GetValueOrDefault(name);
    if (text is null)
    {
        return TimeSpan.FromSeconds(byDefault);
    }

    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        || !double.IsFinite(seconds) || seconds < 0 || (seconds == 0 && !allowZero))
    {
        throw new ArgumentException($"--arg {name}={text}: expected a number of seconds {(allowZero ? ">= 0" : "> 0")}, such as 2.5");
    }

    return TimeSpan.FromSeconds(seconds);
}

static string Iso(DateTimeOffset time, string format) => time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

/// <summary>One line of the file with its 1-based number, so that errors and late reports can point at it.</summary>
record NumberedLine(long Number, string Text);

/// <summary>A parsed reading, with the line it came from.</summary>
record Reading(DateTimeOffset Timestamp, string Sensor, long Value, long Line)
{
    /// <summary>Parses line <paramref name="line"/> of <paramref name="path"/>; a malformed line throws naming the file, the line and the field.</summary>
    public static Reading Parse(string path, NumberedLine line)
    {
        InvalidDataException Malformed(string problem) =>
            new($"malformed row in file `{path}`, line {line.Number}: {problem}");

        var fields = line.Text.Split(',');
        if (fields.Length != 3)
        {
            throw Malformed($"expected 3 fields ({Header}), found {fields.Length}");
        }

        if (!DateTimeOffset.TryParseExact(fields[0], "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            throw Malformed($"field 'timestamp' is \"{fields[0]}\", not an ISO-8601 UTC time such as 2024-03-01T12:00:00.352Z");
        }

        if (fields[1].Length == 0)
        {
            throw Malformed("field 'sensor' is empty");
        }

        if (!long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Malformed($"field 'value' is \"{fields[2]}\", not an integer");
        }

        return new Reading(timestamp, fields[1], value, line.Number);
    }
}

/// <summary>Prints every item on standard error, one line each, a batch at a time (StdOutSink's twin).</summary>
sealed class StdErrSink : DynamicSink<string>
{
    public override StatelessSinkPartition<string> Build(string stepId, int workerIndex, int workerCount) => new Partition();

    private sealed class Partition : StatelessSinkPartition<string>
    {
        public override void WriteBatch(IReadOnlyList<string> items)
        {
            var error = Console.Error;
            lock (error)
            {
                foreach (var item in items)
                {
                    error.Write(item + "\n");
                }

                error.Flush();
            }
        }
    }
}

var flow = new Dataflow("windowing");

// Number the lines. The file is one partition, read by one worker in order; keying every line by the same key
// keeps the count in a StatefulMap, so it is snapshotted with the file offset and stays right after a resume.
var lines = flow.Input("read", new FileSource(input))
    .KeyOn("whole_file", _ => "lines")
    .StatefulMap<string, long, NumberedLine>("number", (previous, text) => (previous + 1, new NumberedLine(previous + 1, text)))
    .KeyRm("numbered");

var header = lines.Filter("header", line => line.Number == 1)
    .Map("check_header", line => line.Text == Header
        ? line
        : throw new InvalidDataException($"malformed row in file `{input}`, line 1: the header is \"{line.Text}\", expected \"{Header}\""));

var readings = lines.Filter("rows", line => line.Number > 1 && line.Text.Length > 0)
    .Map("parse", line => Reading.Parse(input, line));

var windows = readings
    .KeyOn("by_sensor", reading => reading.Sensor)
    .FoldWindow("stats",
        // Replaying a file: the watermark follows the readings alone (a constant "system" time), so which readings
        // are late does not depend on how fast the file is read. A live source would leave nowGetter out.
        new EventClock<Reading>(reading => reading.Timestamp, wait, nowGetter: () => DateTimeOffset.UnixEpoch),
        windower,
        () => (Count: 0L, Sum: 0L),
        (acc, reading) => (acc.Count + 1, acc.Sum + reading.Value),
        (a, b) => (a.Count + b.Count, a.Sum + b.Sum));

// Window n of a tumbling windower starts at AlignTo + n * Length (WindowOut.Meta carries the same as OpenTime).
windows.Down
    .Map("format", window =>
    {
        var (id, (count, sum)) = window.Value;
        var start = windower.AlignTo + TimeSpan.FromTicks(windower.Length.Ticks * id);
        var mean = ((double)sum / count).ToString("F3", CultureInfo.InvariantCulture);
        return $"{window.Key}\t{Iso(start, "yyyy-MM-dd'T'HH:mm:ss'Z'")}\t{count}\t{mean}";
    })
    .Output("out", new StdOutSink<string>());

windows.Late
    .Map("describe_late", late =>
    {
        var reading = late.Value.Value;
        return $"late: {reading.Sensor} {Iso(reading.Timestamp, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'")} {reading.Value} (line {reading.Line})";
    })
    .Output("late_out", new StdErrSink());

// The total: every late item counts 1 under one key, so all meet on one worker, and FoldFinal emits at EOF.
// The header adds a 0 under that key, so that "late items: 0" is printed too when nothing was late.
windows.Late
    .Map("one_late", _ => ("late", 1L))
    .Merge("with_zero", header.Map("zero_late", _ => ("late", 0L)))
    .FoldFinal("late_count", () => 0L, (total, one) => total + one)
    .Map("format_late_count", total => $"late items: {total.Value}")
    .Output("late_count_out", new StdErrSink());
flow
