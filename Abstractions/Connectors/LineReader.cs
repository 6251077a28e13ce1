using System.Text;

namespace Orleans.Dataflow.Connectors;

/// <summary>Reads a file line by line, as raw bytes or as strict UTF-8 strings, in large blocks, knowing the exact byte offset after each line.</summary>
/// <remarks>
/// Shared by <see cref="FileSource"/>, <see cref="DirSource"/> (through <see cref="LinePartition"/>) and
/// <see cref="CsvSource"/>. Lines end at '\n' bytes; a last line without one is still a line. A UTF-8 byte
/// order mark at the very start of the file is skipped. Spans handed out stay valid only until the next call.
/// Not thread-safe: one partition, one thread.
/// </remarks>
internal sealed class LineReader : IDisposable
{
    private const int BlockSize = 1 << 20;

    /// <summary>The longest line read, in bytes (1 GiB): the buffer holding a line doubles up to it, and a longer one is an error naming the file and the line.</summary>
    public const int MaxLineBytes = 1 << 30;

    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly FileStream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    // Lines decoded ahead by ReadLines: _chars[_charStart.._charEnd] holds the text of the whole lines at the
    // start of _buffer[_start.._end], each ending in '\n'. Bytes are consumed line by line alongside.
    private char[] _chars = [];
    private int _charStart;
    private int _charEnd;

    // Up to this file offset lines are decoded one at a time, after a block failed to decode.
    private long _slowUntil;

    // Lines consumed since the offset reading began at; line numbers are exact when it began at the start of the file.
    private long _lines;
    private long _firstOffset;

    private LineReader(string path, FileStream stream, long offset, int maxLineBytes)
    {
        Path = path;
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[(int)Math.Clamp(stream.Length - offset + 1, 16, BlockSize)];
        Position = offset;
    }

    /// <summary>The file read, as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>The byte offset just after the last line returned (the offset to resume from).</summary>
    public long Position { get; private set; }

    /// <summary>Opens <paramref name="path"/> and positions it at byte <paramref name="offset"/> (0 = the start, skipping a BOM).</summary>
    /// <param name="path">The file.</param>
    /// <param name="offset">Where to start.</param>
    /// <param name="maxLineBytes">The longest line allowed (<see cref="MaxLineBytes"/>; smaller in tests).</param>
    /// <exception cref="IOException">The file cannot be opened, or is shorter than <paramref name="offset"/>; the message names the file.</exception>
    public static LineReader Open(string path, long offset, int maxLineBytes = MaxLineBytes)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"cannot resume reading file `{path}` at a negative byte offset");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"cannot read file `{path}`: {e.Message}", e);
        }

        try
        {
            var reader = new LineReader(path, stream, Math.Min(offset, stream.Length), maxLineBytes);
            reader.Seek(offset);
            return reader;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Removes a trailing "\n" or "\r\n" from <paramref name="line"/>.</summary>
    public static ReadOnlySpan<byte> TrimNewline(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\n')
        {
            line = line[..^1];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
        }

        return line;
    }

    /// <summary>Moves to byte <paramref name="offset"/>, which must be the start of a line; a BOM at offset 0 is skipped.</summary>
    /// <exception cref="IOException">The file is shorter than <paramref name="offset"/>.</exception>
    public void Seek(long offset)
    {
        var length = _stream.Length;
        if (offset > length)
        {
            throw new IOException($"cannot resume reading file `{Path}` at byte {offset}: the file has only {length} bytes; was it truncated or replaced?");
        }

        _start = 0;
        _end = 0;
        _eof = false;
        _charStart = _charEnd = 0;
        _slowUntil = 0;
        _lines = 0;
        _firstOffset = offset;
        _stream.Position = offset;
        Position = offset;
        if (offset == 0)
        {
            Fill();
            ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
            if (_buffer.AsSpan(_start, _end - _start).StartsWith(bom))
            {
                _start += bom.Length;
                Position = bom.Length;
            }
        }
    }

    /// <summary>Gets the next line including its "\n" (if it has one); false at the end of the file.</summary>
    /// <remarks>The span is valid until the next call. <see cref="Position"/> moves past the line.</remarks>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        // Lines decoded ahead are dropped; their bytes are still unconsumed.
        _charStart = _charEnd = 0;
        var searchFrom = 0;
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending[searchFrom..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return Take(searchFrom + newline + 1, out line);
            }

            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                return Take(pending.Length, out line);
            }

            searchFrom = pending.Length;
            Fill();
        }
    }

    /// <summary>Adds up to <paramref name="max"/> lines to <paramref name="lines"/>, decoded and without "\n" / "\r\n"; false once the end of the file is reached.</summary>
    /// <remarks>
    /// The fast path of <see cref="FileSource"/>: decodes all whole lines in the buffer in one call, then cuts the
    /// text and the bytes at the same newlines, so <see cref="Position"/> stays exact after every line.
    /// </remarks>
    /// <exception cref="InvalidDataException">A line is not valid UTF-8; the message names the file and the line's offset.</exception>
    public bool ReadLines(List<string> lines, int max)
    {
        for (var count = 0; count < max; count++)
        {
            if (_charStart == _charEnd && !DecodeAhead())
            {
                // No whole line is buffered: the rest of the file is at most one line without a newline.
                var start = Position;
                if (!TryReadLine(out var last))
                {
                    return false;
                }

                lines.Add(Decode(TrimNewline(last), start));
                continue;
            }

            var text = _chars.AsSpan(_charStart, _charEnd - _charStart);
            var length = text.IndexOf('\n');
            var line = text[..length];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            lines.Add(line.IsEmpty ? string.Empty : new string(line));
            _charStart += length + 1;
            var consumed = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n') + 1;
            _start += consumed;
            Position += consumed;
            _lines++;
        }

        return true;
    }

    /// <summary>Decodes <paramref name="bytes"/> as strict UTF-8; <paramref name="offset"/> is where they start in the file, for the error.</summary>
    /// <exception cref="InvalidDataException">The bytes are not valid UTF-8; the message names the file and the offset.</exception>
    public string Decode(ReadOnlySpan<byte> bytes, long offset)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        try
        {
            return _utf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"file `{Path}` is not valid UTF-8 in the line at byte {offset}: {e.Message}", e);
        }
    }

    /// <summary>The 1-based number of the line that starts at byte <paramref name="offset"/>; reads the file up to there, so only for error messages.</summary>
    public long LineNumberAt(long offset)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var block = new byte[(int)Math.Clamp(offset, 16, BlockSize)];
        long lines = 1;
        var left = offset;
        while (left > 0)
        {
            var read = stream.Read(block, 0, (int)Math.Min(block.Length, left));
            if (read == 0)
            {
                break;
            }

            lines += block.AsSpan(0, read).Count((byte)'\n');
            left -= read;
        }

        return lines;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    /// <summary>Decodes every whole line in the buffer (reading more if there is none); false if no whole line is left or lines must go one at a time.</summary>
    private bool DecodeAhead()
    {
        _charStart = _charEnd = 0;
        if (Position < _slowUntil)
        {
            return false;
        }

        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var last = pending.LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                var block = pending[..(last + 1)];
                if (_chars.Length < block.Length)
                {
                    _chars = new char[Math.Max(block.Length, Math.Min(_buffer.Length, 2 * _chars.Length))];
                }

                try
                {
                    _charEnd = _utf8.GetChars(block, _chars);
                    return true;
                }
                catch (DecoderFallbackException)
                {
                    // Decode these lines one by one, so the good ones are emitted and the error names the bad one.
                    _slowUntil = Position + block.Length;
                    return false;
                }
            }

            if (_eof)
            {
                return false;
            }

            Fill();
        }
    }

    private bool Take(int length, out ReadOnlySpan<byte> line)
    {
        line = _buffer.AsSpan(_start, length);
        _start += length;
        Position += length;
        _lines++;
        return true;
    }

    private void Fill()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxLineBytes)
            {
                // The buffer holds one unfinished line from its first byte to its last.
                var which = _firstOffset == 0 ? $"line {_lines + 1}" : $"line {_lines + 1} after byte {_firstOffset} (where reading resumed)";
                throw new InvalidDataException(
                    $"{which} of file `{Path}`, starting at byte {Position}, is longer than the limit of {_maxLineBytes} bytes ({_maxLineBytes / (1 << 20)} MiB) for one line; is it a text file with line breaks?");
            }

            Array.Resize(ref _buffer, _buffer.Length < BlockSize ? Math.Min(BlockSize, _maxLineBytes) : Math.Min(_buffer.Length * 2, _maxLineBytes));
        }

        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot read file `{Path}`: {e.Message}", e);
        }

        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
