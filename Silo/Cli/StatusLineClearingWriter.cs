using System.Text;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The flow's standard output while <c>run</c> keeps a status line on the same terminal: every write goes to the real output, after the status line is wiped.</summary>
/// <remarks>
/// Without it a flow's line would start where the status line ends. A write and the wipe before it hold
/// <see cref="RunProgress"/>'s lock, so no status line is drawn in between; the next tick draws it again below the
/// flow's output. <c>StdOutSink</c> writes a batch in one call, so this costs one lock per batch.
/// </remarks>
internal sealed class StatusLineClearingWriter(TextWriter output, RunProgress progress) : TextWriter
{
    /// <inheritdoc/>
    public override Encoding Encoding => output.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => output.FormatProvider;

    /// <inheritdoc/>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => output.NewLine;
        set => output.NewLine = value;
    }

    /// <inheritdoc/>
    public override void Write(char value) => progress.WriteAround(() => output.Write(value));

    /// <inheritdoc/>
    public override void Write(string? value) => progress.WriteAround(() => output.Write(value));

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => progress.WriteAround(() => output.Write(buffer, index, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        var text = buffer.ToString();
        progress.WriteAround(() => output.Write(text));
    }

    /// <inheritdoc/>
    public override void Write(StringBuilder? value) => progress.WriteAround(() => output.Write(value));

    /// <inheritdoc/>
    public override void WriteLine(string? value) => progress.WriteAround(() => output.WriteLine(value));

    /// <inheritdoc/>
    public override void Flush() => output.Flush();
}
