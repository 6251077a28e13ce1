namespace Orleans.Dataflow.Grains.Batching;

/// <summary>Something on a worker that reuses buffers for its batches and leaves the records of the last ones in them until the worker goes idle.</summary>
/// <remarks>
/// Clearing a buffer after every batch costs as much as filling it again, and the next batch overwrites those slots
/// anyway. The worker calls <see cref="ReleaseRecords"/> before it waits, so a record outlives its batch only while
/// the worker stays busy, and then by at most one buffer's length per buffer.
/// </remarks>
internal interface IReusedBuffers
{
    /// <summary>Drops the references the buffers still hold to records already handed on.</summary>
    void ReleaseRecords();
}
