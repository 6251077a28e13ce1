namespace Orleans.Dataflow.Grains.Operators;

/// <summary>Something that learns when an upstream channel closes epochs.</summary>
internal interface IProgressReceiver
{
    /// <summary>Channel <paramref name="channel"/> will send nothing more below <paramref name="frontier"/>.</summary>
    void OnProgress(int channel, long frontier);
}
