namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>Takes the coordination events of other processes (and the loss of one) into this process's execution.</summary>
public interface ICoordinationReceiver
{
    /// <summary>Applies <paramref name="coordinationEvent"/>, which another process published or this process's membership raised on losing a peer.</summary>
    /// <remarks>Called from the membership's I/O threads, in order per publishing worker; never published back.</remarks>
    void Receive(CoordinationEvent coordinationEvent);
}
