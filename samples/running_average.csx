// Running average per sensor with stateful_map (Bytewax's StatefulMap).
//
// Run from the repository root:
//   dotnet run --project Silo -- run samples/running_average.csx
//
// Ten temperature readings from three sensors (inline, through TestingSource) are keyed by sensor; a
// StatefulMap keeps each sensor's count and sum and emits the mean of that sensor's readings so far. Each
// line is `sensor<TAB>reading<TAB>running mean`, numbers with two decimals. With one worker (the default)
// the output is exactly, in input order:
//
//   kitchen  21.00  21.00
//   garage   12.50  12.50
//   kitchen  22.00  21.50
//   attic    30.00  30.00
//   garage   13.50  13.00
//   kitchen  23.00  22.00
//   attic    28.00  29.00
//   garage   11.00  12.33
//   kitchen  20.00  21.50
//   attic    29.50  29.17
//
// (columns separated by one tab). With several workers each sensor's lines keep this order, but lines of
// different sensors may interleave differently.

using System.Globalization;

var readings = new (string Sensor, double Celsius)[]
{
    ("kitchen", 21.0), ("garage", 12.5), ("kitchen", 22.0), ("attic", 30.0), ("garage", 13.5),
    ("kitchen", 23.0), ("attic", 28.0), ("garage", 11.0), ("kitchen", 20.0), ("attic", 29.5),
};

/// <summary>A sensor's running mean: how many readings and their sum; the state StatefulMap keeps per sensor.</summary>
record RunningMean(int Count, double Sum)
{
    public double Value => Sum / Count;

    public RunningMean Add(double reading) => new(Count + 1, Sum + reading);
}

static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

var flow = new Dataflow("running_average");
flow.Input("readings", new TestingSource<(string Sensor, double Celsius)>(readings))
    .KeyOn("by_sensor", reading => reading.Sensor)
    .MapValue("celsius", reading => reading.Celsius)
    .StatefulMap<double, RunningMean, string>("mean", (mean, celsius) =>
    {
        var next = (mean ?? new RunningMean(0, 0)).Add(celsius);
        return (next, $"{Format(celsius)}\t{Format(next.Value)}");
    })
    .Map("format", sensorLine => $"{sensorLine.Key}\t{sensorLine.Value}")
    .Output("out", new StdOutSink<string>());
flow
