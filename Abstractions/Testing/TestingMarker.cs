namespace Orleans.Dataflow.Testing;

/// <summary>A special element of a <see cref="TestingSource{T}"/>'s list: end the input here, abort the run once, or pause.</summary>
public sealed class TestingMarker
{
    private TestingMarker(MarkerKind kind, TimeSpan pause)
    {
        Kind = kind;
        PauseFor = pause;
    }

    /// <summary>Which marker this is.</summary>
    public MarkerKind Kind { get; }

    /// <summary>How long a <see cref="MarkerKind.Pause"/> marker stops the source.</summary>
    public TimeSpan PauseFor { get; }

    /// <summary>Whether this abort marker has fired already; it fires once per marker object, so a resumed run passes it.</summary>
    public bool Triggered { get; internal set; }

    /// <summary>Ends the input after the items before it; a resumed run continues after it.</summary>
    public static TestingMarker Eof() => new(MarkerKind.Eof, TimeSpan.Zero);

    /// <summary>Aborts the run (as a crash would) the first time it is reached; skipped afterwards.</summary>
    public static TestingMarker Abort() => new(MarkerKind.Abort, TimeSpan.Zero);

    /// <summary>Stops emitting for <paramref name="duration"/>, then goes on.</summary>
    public static TestingMarker Pause(TimeSpan duration) => new(MarkerKind.Pause, duration);

    /// <summary>The kinds of marker.</summary>
    public enum MarkerKind
    {
        /// <summary>End of input.</summary>
        Eof,

        /// <summary>Abort the run once.</summary>
        Abort,

        /// <summary>Pause for a while.</summary>
        Pause,
    }
}
