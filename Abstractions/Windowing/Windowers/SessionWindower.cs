namespace Orleans.Dataflow.Windowing;

/// <summary>Windows that grow with activity: a session lasts while items keep coming no more than <see cref="Gap"/> apart.</summary>
/// <remarks>
/// <para>An item within the gap before or after a session joins it (stretching its open or close time); otherwise it
/// starts a new session with the next id (0, 1, 2, ... per key). When an item bridges two sessions, the later one
/// (by open time) merges into the earlier one: the window logic's merge is called, and the earlier session's
/// metadata lists the merged id. A session closes once the watermark is more than the gap past its last item.</para>
/// <para>Items are never late for an open session; an item before the watermark is reported late with
/// <see cref="LateSessionId"/>. A key's session state is never dropped, so that ids are never reused.</para>
/// </remarks>
public sealed class SessionWindower : Windower
{
    /// <summary>The window id that late items of session windows are reported with.</summary>
    public const long LateSessionId = -1;

    /// <summary>Creates session windows closed by <paramref name="gap"/> of inactivity; the gap must not be negative.</summary>
    public SessionWindower(TimeSpan gap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gap, TimeSpan.Zero);
        Gap = gap;
    }

    /// <summary>The inactivity after which a session closes.</summary>
    public TimeSpan Gap { get; }

    internal override WindowerRuntime Start(byte[]? resumeState) =>
        new SessionWindowerRuntime(Gap, resumeState is null ? null : WindowStateFormat.ReadSession(resumeState));
}
