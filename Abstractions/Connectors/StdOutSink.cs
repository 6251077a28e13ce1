using System.Text;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Prints every item on standard output, one line each: for examples, demos and debugging.</summary>
/// <remarks>
/// Each worker writes the items it holds (no exchange). An item is printed as <c>item?.ToString()</c> (.NET's
/// rendering, so a null prints as an empty line and a tuple as <c>(a, 1)</c>) followed by "\n". A batch is
/// written to <see cref="Console.Out"/> at the moment of the write, in one go under the writer's lock, then
/// flushed; so lines from workers writing at the same time never mix within a line, and batches never mix.
/// At-least-once: a resumed run may print again what a crashed run printed.
/// </remarks>
public sealed class StdOutSink<T> : DynamicSink<T>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount) => new Partition();

    private sealed class Partition : StatelessSinkPartition<T>
    {
        private readonly StringBuilder _text = new();

        public override void WriteBatch(IReadOnlyList<T> items)
        {
            _text.Clear();
            foreach (var item in items)
            {
                _text.Append(item?.ToString()).Append('\n');
            }

            if (_text.Length == 0)
            {
                return;
            }

            // Console.Out is a synchronized writer that locks itself; holding the same lock keeps the batch whole.
            var output = Console.Out;
            lock (output)
            {
                output.Write(_text);
                output.Flush();
            }

            if (_text.Capacity > 1 << 20)
            {
                _text.Clear();
                _text.Capacity = 1 << 16;
            }
        }
    }
}
