using System.Buffers;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>The payload of a resume frame: whether the cluster keeps a recovery store, the resume epoch, and every step's snapshots by key.</summary>
internal static class ResumePointFormat
{
    public static void Write(PayloadWriter writer, ResumePoint point, bool recovery)
    {
        writer.Byte(recovery ? (byte)1 : (byte)0);
        writer.Int64(point.Epoch);
        var steps = point.StepIds.ToList();
        writer.Int32(steps.Count);
        foreach (var step in steps)
        {
            var keys = point.KeysOf(step);
            writer.String(step);
            writer.Int32(keys.Count);
            foreach (var (key, state) in keys)
            {
                writer.String(key);
                writer.Bytes(state);
            }
        }
    }

    /// <summary>Reads a resume point; <paramref name="location"/> is where error messages say its snapshots are kept.</summary>
    public static (ResumePoint Resume, bool Recovery) Read(ReadOnlySequence<byte> payload, string location)
    {
        var reader = new PayloadReader(payload);
        var recovery = reader.Byte() != 0;
        var epoch = reader.Int64();
        var stepCount = reader.Int32();
        var steps = new Dictionary<string, IReadOnlyDictionary<string, byte[]>>(stepCount, StringComparer.Ordinal);
        for (var s = 0; s < stepCount; s++)
        {
            var step = reader.RequiredString();
            var keyCount = reader.Int32();
            var keys = new Dictionary<string, byte[]>(keyCount, StringComparer.Ordinal);
            for (var k = 0; k < keyCount; k++)
            {
                keys[reader.RequiredString()] = reader.NullableBytes() ?? throw new InvalidDataException($"the resume point holds a null snapshot for step '{step}'");
            }

            steps[step] = keys;
        }

        return (new ResumePoint(epoch, steps, (_, _) => location), recovery);
    }
}
