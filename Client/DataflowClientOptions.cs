namespace Orleans.Dataflow.Client;

/// <summary>Where a client finds the silo it submits flows to.</summary>
public sealed class DataflowClientOptions
{
    /// <summary>The silo's HTTP address; defaults to the port in the silo's appsettings.json.</summary>
    public Uri SiloAddress { get; set; } = new("http://127.0.0.1:7300");
}
