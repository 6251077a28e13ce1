using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>Grain storage in this silo's memory: flow records live and die with the silo of their flow grain, and a write never waits on another silo.</summary>
/// <remarks>
/// Orleans' memory grain storage spreads its records over storage grains on every silo, so the loss of any silo may
/// take a flow's record with it, and a write stalls until that loss is known. Here a record is lost only with the
/// flow grain's own silo, which its caller deploys again. States are deep copies, checked by ETag like any storage.
/// </remarks>
internal sealed class SiloMemoryGrainStorage(DeepCopier copier) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId Grain), (string ETag, object? State)> _records = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = copier.Copy((T)stored.State!);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        var copy = copier.Copy(grainState.State);
        var written = grainState.ETag is null
            ? _records.TryAdd(key, (etag, copy))
            : _records.TryGetValue(key, out var stored) && stored.ETag == grainState.ETag && _records.TryUpdate(key, (etag, copy), stored);
        if (!written)
        {
            throw Conflict("write", key, grainState.ETag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var cleared = _records.TryGetValue(key, out var stored)
            ? stored.ETag == grainState.ETag && _records.TryRemove(new KeyValuePair<(string, GrainId), (string, object?)>(key, stored))
            : grainState.ETag is null;
        if (!cleared)
        {
            throw Conflict("clear", key, grainState.ETag);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>The error of a write or clear whose ETag is not the stored one: another activation changed the record since this one read it.</summary>
    private InconsistentStateException Conflict(string operation, (string StateName, GrainId Grain) key, string? given)
    {
        var stored = _records.TryGetValue(key, out var record) ? record.ETag : null;
        return new InconsistentStateException(
            $"refused to {operation} state '{key.StateName}' of {key.Grain}: the stored ETag is {stored ?? "(none: no record)"}, the grain's is {given ?? "(none: it read no record)"}",
            stored, given);
    }
}
