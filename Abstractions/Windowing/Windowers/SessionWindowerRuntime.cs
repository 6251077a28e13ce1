namespace Orleans.Dataflow.Windowing;

/// <summary>The sessions of one key (Bytewax's session windower logic), kept in the order they were opened.</summary>
internal sealed class SessionWindowerRuntime : WindowerRuntime
{
    private readonly TimeSpan _gap;
    private readonly SessionState _state;

    public SessionWindowerRuntime(TimeSpan gap, SessionState? resumed)
    {
        _gap = gap;
        _state = resumed ?? new SessionState(SessionWindower.LateSessionId, [], []);
    }

    public override bool IsEmpty => false;

    public override void OpenFor(DateTimeOffset timestamp, List<long> windowIds)
    {
        foreach (var (id, meta) in _state.Sessions)
        {
            var untilOpen = meta.OpenTime - timestamp;
            var sinceClose = timestamp - meta.CloseTime;
            if (untilOpen <= TimeSpan.Zero && sinceClose <= TimeSpan.Zero)
            {
                windowIds.Add(id);
                return;
            }

            if (untilOpen > TimeSpan.Zero && untilOpen <= _gap)
            {
                meta.OpenTime = timestamp;
                FindMerges();
                windowIds.Add(id);
                return;
            }

            if (sinceClose > TimeSpan.Zero && sinceClose <= _gap)
            {
                meta.CloseTime = timestamp;
                FindMerges();
                windowIds.Add(id);
                return;
            }
        }

        var newId = ++_state.MaxId;
        _state.Sessions.Add((newId, new WindowMetadata(timestamp, timestamp)));
        windowIds.Add(newId);
    }

    public override void LateFor(DateTimeOffset timestamp, List<long> windowIds) => windowIds.Add(SessionWindower.LateSessionId);

    public override void TakeMerged(List<(long Original, long Target)> merges)
    {
        merges.AddRange(_state.MergeQueue);
        _state.MergeQueue.Clear();
    }

    public override void CloseFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed)
    {
        var closeBefore = TimeMath.TrySubtract(watermark, _gap) ?? DateTimeOffset.MinValue;
        _state.Sessions.RemoveAll(session =>
        {
            if (session.Meta.CloseTime < closeBefore)
            {
                closed.Add(session);
                return true;
            }

            return false;
        });
    }

    /// <summary>The first instant at which the earliest-closing session closes: strictly more than the gap after its last item.</summary>
    public override DateTimeOffset? NotifyAt()
    {
        DateTimeOffset? earliest = null;
        foreach (var (_, meta) in _state.Sessions)
        {
            if (earliest is not { } e || meta.CloseTime < e)
            {
                earliest = meta.CloseTime;
            }
        }

        return earliest is { } close ? TimeMath.Add(TimeMath.Add(close, _gap), TimeSpan.FromTicks(1)) : null;
    }

    public override byte[] Snapshot() => WindowStateFormat.WriteSession(_state);

    /// <summary>Merges every session that now lies within the gap of the one before it (by open time) into that one, which takes over the ids merged into it before.</summary>
    private void FindMerges()
    {
        if (_state.Sessions.Count < 2)
        {
            return;
        }

        var byOpen = _state.Sessions.OrderBy(session => session.Meta.OpenTime).ToList();
        var (lastId, lastMeta) = byOpen[0];
        foreach (var (id, meta) in byOpen.Skip(1))
        {
            if (meta.OpenTime - lastMeta.CloseTime <= _gap)
            {
                if (meta.CloseTime > lastMeta.CloseTime)
                {
                    lastMeta.CloseTime = meta.CloseTime;
                }

                _state.MergeQueue.Add((id, lastId));
                lastMeta.MergedIds.Add(id);
                lastMeta.MergedIds.UnionWith(meta.MergedIds);
                _state.Sessions.RemoveAll(session => session.Id == id);
            }
            else
            {
                (lastId, lastMeta) = (id, meta);
            }
        }
    }
}

/// <summary>What a key's session windower keeps: the last id handed out, the open sessions in opening order, and merges not yet taken.</summary>
internal sealed class SessionState(long maxId, List<(long Id, WindowMetadata Meta)> sessions, List<(long Original, long Target)> mergeQueue)
{
    public long MaxId { get; set; } = maxId;

    public List<(long Id, WindowMetadata Meta)> Sessions { get; } = sessions;

    public List<(long Original, long Target)> MergeQueue { get; } = mergeQueue;
}
