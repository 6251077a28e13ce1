using System.Text;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Seeded input text for the word-count sample: lines of eight words drawn from three thousand, so counts are large and a run takes a while.</summary>
internal static class WordText
{
    /// <summary>Writes <paramref name="lines"/> lines to <c>text.txt</c> in <paramref name="dir"/> and returns its path.</summary>
    public static string Write(TempDirectory dir, int lines)
    {
        var random = new Random(42);
        var words = Enumerable.Range(0, 3000).Select(i => string.Concat(Enumerable.Range(0, 4 + (i % 5)).Select(_ => (char)('a' + random.Next(26))))).ToArray();
        var text = new StringBuilder();
        for (var line = 0; line < lines; line++)
        {
            for (var w = 0; w < 8; w++)
            {
                text.Append(words[random.Next(words.Length)]).Append(w == 7 ? '\n' : ' ');
            }
        }

        return dir.Write("text.txt", text.ToString());
    }
}
