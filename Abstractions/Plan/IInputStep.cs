namespace Orleans.Dataflow.Plan;

/// <summary>Marks steps that bring items into a flow; a flow needs at least one.</summary>
public interface IInputStep;
