namespace Orleans.Dataflow.Client.Cli;

/// <summary>Writes rows as a table for people: columns padded to their widest cell, two spaces apart, no trailing blanks.</summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> (the first is the header) to <paramref name="output"/>, each line starting with <paramref name="indent"/>.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string[]> rows, string indent = "")
    {
        var widths = new int[rows.Max(row => row.Length)];
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                widths[column] = Math.Max(widths[column], row[column].Length);
            }
        }

        foreach (var row in rows)
        {
            var cells = row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]));
            output.WriteLine((indent + string.Join("  ", cells)).TrimEnd());
        }
    }
}
