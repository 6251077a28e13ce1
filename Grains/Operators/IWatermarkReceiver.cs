namespace Orleans.Dataflow.Grains.Operators;

/// <summary>Something behind which a step runs under a stream watermark: learns, with each closed epoch, the sender's watermark too.</summary>
internal interface IWatermarkReceiver : IProgressReceiver
{
    /// <summary>Channel <paramref name="channel"/> will send nothing more below <paramref name="frontier"/>, and everything it sent lets the watermark reach <paramref name="watermark"/> (UTC ticks).</summary>
    void OnProgress(int channel, long frontier, long watermark);
}
