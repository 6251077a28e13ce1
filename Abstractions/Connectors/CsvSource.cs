using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>Reads a CSV file row by row as dictionaries from column name to value, resuming after the last row read.</summary>
/// <remarks>
/// <para>
/// Partitioned like <see cref="FileSource"/>: one partition named by the file's full path, and a missing file is an
/// error when the run lists partitions. The first non-empty row is the header: its fields are the column names, and it is not emitted.
/// Every later row becomes one item mapping each column name to that row's field, as a string (no type
/// conversion); the dictionary lists the columns in header order. If two columns share a name, the later wins.
/// </para>
/// <para>
/// Parsing follows RFC 4180 and Python's <c>csv</c> module (the excel dialect): a field may be quoted; a quoted
/// field may hold delimiters, line breaks (kept as they are in the file) and doubled quotes, which stand for one
/// quote. A quote inside an unquoted field is an ordinary character; characters after a closing quote are
/// appended to the field. Rows end at "\n" or "\r\n". Empty lines are skipped. A row with fewer fields than the
/// header maps the missing columns to null. A row with more fields than the header is an error (Python puts
/// the extras in a list under a special key, which a dictionary of strings cannot hold), as is a quoted field
/// still open at the end of the file: both throw an <see cref="InvalidDataException"/> naming the file and the
/// line on which the row starts. The file is UTF-8; a byte order mark at its start is skipped.
/// </para>
/// <para>
/// The snapshot is the byte offset just after the last row emitted. A resumed run reads the header again from
/// the start of the file, then seeks to the offset.
/// </para>
/// </remarks>
public sealed class CsvSource : FixedPartitionedSource<IReadOnlyDictionary<string, string?>, long>
{
    private readonly string _path;
    private readonly int _batchSize;
    private readonly byte _delimiter;
    private readonly byte _quote;

    /// <summary>Creates a source reading CSV file <paramref name="path"/> in batches of up to <paramref name="batchSize"/> rows.</summary>
    /// <remarks><paramref name="delimiter"/> and <paramref name="quote"/> must be distinct ASCII characters other than '\r' and '\n'.</remarks>
    public CsvSource(string path, int batchSize = 1000, char delimiter = ',', char quote = '"')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckSeparator(delimiter, nameof(delimiter));
        CheckSeparator(quote, nameof(quote));
        if (delimiter == quote)
        {
            throw new ArgumentException($"the CSV delimiter and quote must differ; both are '{delimiter}'", nameof(quote));
        }

        _path = System.IO.Path.GetFullPath(path);
        _batchSize = batchSize;
        _delimiter = (byte)delimiter;
        _quote = (byte)quote;
    }

    /// <summary>The full path of the file read, which is also the name of the single partition.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    /// <remarks>The full path of the file.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist (or is a directory): a run without its input would end at once and leave its sinks empty.</exception>
    public override IReadOnlyList<string> ListParts() => File.Exists(_path) ? [_path]
        : throw new FileNotFoundException($"input file `{_path}` {(Directory.Exists(_path) ? "is a directory" : "does not exist")}", _path);

    /// <inheritdoc/>
    /// <remarks>Reads the header at once, then continues at byte <paramref name="resumeState"/> (0 on a first run: just after the header).</remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not this file's path (a snapshot of another file).</exception>
    public override StatefulSourcePartition<IReadOnlyDictionary<string, string?>, long> BuildPart(string stepId, string forPart, long resumeState)
    {
        if (!string.Equals(forPart, _path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"can't resume reading from a different file: this source reads `{_path}`, not `{forPart}`", nameof(forPart));
        }

        return new Partition(_path, resumeState, _batchSize, _delimiter, _quote);
    }

    private static void CheckSeparator(char c, string name)
    {
        if (c is '\r' or '\n' || c > 0x7F)
        {
            throw new ArgumentException($"a CSV {name} must be an ASCII character other than a line break; got U+{(int)c:X4}", name);
        }
    }

    private sealed class Partition : StatefulSourcePartition<IReadOnlyDictionary<string, string?>, long>
    {
        private readonly LineReader _reader;
        private readonly int _batchSize;
        private readonly byte _delimiter;
        private readonly byte _quote;
        private readonly List<string> _fields = [];
        private readonly string[] _header;
        private byte[] _field = new byte[256];
        private int _fieldLength;

        public Partition(string path, long resumeOffset, int batchSize, byte delimiter, byte quote)
        {
            _batchSize = batchSize;
            _delimiter = delimiter;
            _quote = quote;
            _reader = LineReader.Open(path, 0);
            try
            {
                _header = TryReadRow(out _) ? [.. _fields] : [];
                if (resumeOffset > _reader.Position)
                {
                    _reader.Seek(resumeOffset);
                }
            }
            catch
            {
                _reader.Dispose();
                throw;
            }
        }

        private enum State
        {
            StartField,
            InField,
            InQuoted,
            QuoteInQuoted,
        }

        public override bool NextBatch(List<IReadOnlyDictionary<string, string?>> batch)
        {
            for (var i = 0; i < _batchSize; i++)
            {
                if (!TryReadRow(out var start))
                {
                    return false;
                }

                if (_fields.Count > _header.Length)
                {
                    throw Malformed(start, $"the row has {_fields.Count} fields but the header has {_header.Length}");
                }

                var row = new Dictionary<string, string?>(_header.Length);
                for (var c = 0; c < _header.Length; c++)
                {
                    row[_header[c]] = c < _fields.Count ? _fields[c] : null;
                }

                batch.Add(row);
            }

            return true;
        }

        public override long Snapshot() => _reader.Position;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _reader.Dispose();
            }
        }

        /// <summary>Parses the next non-empty row into <see cref="_fields"/>; false at the end of the file.</summary>
        private bool TryReadRow(out long start)
        {
            _fields.Clear();
            _fieldLength = 0;
            var state = State.StartField;
            var empty = true;
            start = _reader.Position;
            while (true)
            {
                var lineStart = _reader.Position;
                if (!_reader.TryReadLine(out var raw))
                {
                    if (state == State.InQuoted)
                    {
                        throw Malformed(start, "a quoted field is not closed before the end of the file");
                    }

                    return false;
                }

                var content = LineReader.TrimNewline(raw);
                if (state != State.InQuoted && content.IsEmpty && empty)
                {
                    // An empty line between rows: skipped, like Python's DictReader.
                    start = _reader.Position;
                    continue;
                }

                empty = false;
                state = Parse(content, state, lineStart);
                if (state == State.InQuoted)
                {
                    // The line break is part of the quoted field, exactly as in the file.
                    Append(raw[content.Length..]);
                    continue;
                }

                SaveField(lineStart);
                return true;
            }
        }

        private State Parse(ReadOnlySpan<byte> line, State state, long lineStart)
        {
            var i = 0;
            while (i < line.Length)
            {
                var b = line[i];
                switch (state)
                {
                    case State.StartField when b == _quote:
                        state = State.InQuoted;
                        i++;
                        break;
                    case State.StartField:
                    case State.InField:
                        {
                            var end = line[i..].IndexOf(_delimiter);
                            if (end < 0)
                            {
                                Append(line[i..]);
                                return State.InField;
                            }

                            Append(line.Slice(i, end));
                            SaveField(lineStart);
                            state = State.StartField;
                            i += end + 1;
                            break;
                        }

                    case State.InQuoted:
                        {
                            var end = line[i..].IndexOf(_quote);
                            if (end < 0)
                            {
                                Append(line[i..]);
                                return State.InQuoted;
                            }

                            Append(line.Slice(i, end));
                            state = State.QuoteInQuoted;
                            i += end + 1;
                            break;
                        }

                    case State.QuoteInQuoted when b == _quote:
                        Append([b]);
                        state = State.InQuoted;
                        i++;
                        break;
                    case State.QuoteInQuoted when b == _delimiter:
                        SaveField(lineStart);
                        state = State.StartField;
                        i++;
                        break;
                    case State.QuoteInQuoted:
                        state = State.InField;
                        break;
                }
            }

            return state;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (_fieldLength + bytes.Length > _field.Length)
            {
                Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + bytes.Length));
            }

            bytes.CopyTo(_field.AsSpan(_fieldLength));
            _fieldLength += bytes.Length;
        }

        private void SaveField(long lineStart)
        {
            _fields.Add(_reader.Decode(_field.AsSpan(0, _fieldLength), lineStart));
            _fieldLength = 0;
        }

        private InvalidDataException Malformed(long rowStart, string problem)
        {
            string line;
            try
            {
                line = $"line {_reader.LineNumberAt(rowStart)}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                line = $"the row at byte {rowStart}";
            }

            return new InvalidDataException($"malformed CSV in file `{_reader.Path}`, {line}: {problem}");
        }
    }
}
