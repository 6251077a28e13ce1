using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>A kind of window: how items are grouped in time.</summary>
/// <remarks>
/// Use <see cref="TumblingWindower"/>, <see cref="SlidingWindower"/> or <see cref="SessionWindower"/>; a custom
/// windower derives from <see cref="Windower{TState}"/>. A windowing operator builds one windower per key.
/// </remarks>
public abstract class Windower
{
    private protected Windower()
    {
    }

    /// <summary>Builds the windower logic of one key, new or from its snapshot bytes.</summary>
    internal abstract WindowerRuntime Start(byte[]? resumeState);

    /// <summary>Whether windows of this kind can merge; the operator asks for merges only if they can.</summary>
    internal virtual bool Merges => true;
}

/// <summary>A windower whose per-key logic keeps a snapshot of type <typeparamref name="TState"/>; derive from this for a custom windower.</summary>
/// <typeparam name="TState">The snapshot of one key's windower.</typeparam>
public abstract class Windower<TState> : Windower
{
    /// <summary>Builds the windower logic of one key: new (null) or from the snapshot its logic returned before a restart.</summary>
    public abstract WindowerLogic<TState> Build(TState? resumeState);

    /// <summary>Turns the windower's snapshots into bytes and back; the default is <see cref="Serde.For{T}"/>.</summary>
    public virtual ISerde<TState> StateSerde => Serde.For<TState>();

    internal sealed override WindowerRuntime Start(byte[]? resumeState)
    {
        var serde = StateSerde;
        return new CustomWindowerRuntime<TState>(Build(resumeState is null ? default : serde.Deserialize(resumeState)), serde);
    }
}
