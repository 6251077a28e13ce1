namespace Orleans.Dataflow;

/// <summary>Where step logic sends its output items; the engine batches them and passes them downstream.</summary>
/// <remarks>Valid only during the call it was passed to. Not thread-safe.</remarks>
public abstract class Emitter<T>
{
    /// <summary>The epoch the emitted items belong to.</summary>
    public abstract long Epoch { get; }

    /// <summary>Sends one item downstream.</summary>
    public abstract void Emit(T item);

    /// <summary>Sends every item of <paramref name="items"/> downstream, in order.</summary>
    public void EmitAll(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        switch (items)
        {
            case T[] array:
                foreach (var item in array)
                {
                    Emit(item);
                }

                break;
            case List<T> list:
                foreach (var item in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list))
                {
                    Emit(item);
                }

                break;
            default:
                foreach (var item in items)
                {
                    Emit(item);
                }

                break;
        }
    }
}
