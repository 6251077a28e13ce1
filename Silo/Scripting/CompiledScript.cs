using System.Text.Json;

namespace Orleans.Dataflow.Silo.Scripting;

/// <summary>A script as Roslyn compiled it: the assembly, its symbols, the submission's factory to run, and the assemblies its <c>#r</c> lines name.</summary>
/// <param name="Image">The assembly's bytes.</param>
/// <param name="Symbols">Its portable PDB, so that stack traces name script lines.</param>
/// <param name="EntryType">The metadata name of the type whose factory runs the submission.</param>
/// <param name="EntryMethod">The factory's metadata name.</param>
/// <param name="References">The <c>#r</c> assemblies by simple name, with their files.</param>
internal sealed record CompiledScript(byte[] Image, byte[] Symbols, string EntryType, string EntryMethod, IReadOnlyDictionary<string, string> References)
{
    /// <summary>One buffer holding the whole entry: the description, then the assembly, then its symbols, each after its length.</summary>
    public byte[] ToBytes()
    {
        var description = JsonSerializer.SerializeToUtf8Bytes(new Description(EntryType, EntryMethod, new Dictionary<string, string>(References)));
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        foreach (var part in new[] { description, Image, Symbols })
        {
            writer.Write(part.Length);
            writer.Write(part);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>The entry <paramref name="bytes"/> hold (<see cref="ToBytes"/>); null when they are not a whole one.</summary>
    public static CompiledScript? Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            byte[] Part()
            {
                var length = reader.ReadInt32();
                var part = reader.ReadBytes(length);
                return part.Length == length && length >= 0 ? part : throw new EndOfStreamException();
            }

            var description = JsonSerializer.Deserialize<Description>(Part());
            var (image, symbols) = (Part(), Part());
            return description is { EntryType: { } type, EntryMethod: { } method, References: { } references } && reader.BaseStream.Position == bytes.Length
                ? new CompiledScript(image, symbols, type, method, references)
                : null;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private sealed record Description(string EntryType, string EntryMethod, Dictionary<string, string> References);
}
