namespace Orleans.Dataflow.Testing;

/// <summary>An element of a <see cref="TestingSource{T}"/>'s list: an item, or a <see cref="TestingMarker"/>; converts implicitly from both.</summary>
public readonly struct TestingItem<T>
{
    private TestingItem(T item, TestingMarker? marker)
    {
        Item = item;
        Marker = marker;
    }

    /// <summary>The item, when <see cref="Marker"/> is null.</summary>
    public T Item { get; }

    /// <summary>The marker, or null for an item.</summary>
    public TestingMarker? Marker { get; }

    /// <summary>Wraps an item.</summary>
    public static implicit operator TestingItem<T>(T item) => new(item, null);

    /// <summary>Wraps a marker.</summary>
    public static implicit operator TestingItem<T>(TestingMarker marker) => new(default!, marker);

    /// <inheritdoc/>
    public override string ToString() => Marker is null ? $"{Item}" : $"<{Marker.Kind}>";
}
