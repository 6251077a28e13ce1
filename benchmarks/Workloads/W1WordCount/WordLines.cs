using Orleans.Dataflow.Benchmarks.Generation;

namespace Orleans.Dataflow.Benchmarks.Workloads.W1WordCount;

/// <summary>Generates the W1 lines: line <c>i</c> is ten words <c>"w" + (next() % vocabulary)</c> joined by single spaces.</summary>
/// <remarks>Each line draws from <see cref="SplitMix64.ForRecord"/>, so the lines are the same in any language.</remarks>
public static class WordLines
{
    /// <summary>Words per line.</summary>
    public const int WordsPerLine = 10;

    /// <summary>How many different words there can be.</summary>
    public const ulong Vocabulary = 100_000;

    /// <summary>Returns lines <c>0 … count - 1</c> of the data set seeded <paramref name="seed"/>.</summary>
    public static string[] Generate(long count, ulong seed)
    {
        var lines = new string[count];
        Span<char> buffer = stackalloc char[WordsPerLine * 8];
        for (long i = 0; i < count; i++)
        {
            var random = SplitMix64.ForRecord(seed, i);
            var length = 0;
            for (var word = 0; word < WordsPerLine; word++)
            {
                if (word > 0)
                {
                    buffer[length++] = ' ';
                }

                buffer[length++] = 'w';
                (random.Next() % Vocabulary).TryFormat(buffer[length..], out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                length += written;
            }

            lines[i] = new string(buffer[..length]);
        }

        return lines;
    }
}
