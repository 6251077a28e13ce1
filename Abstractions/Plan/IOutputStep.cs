namespace Orleans.Dataflow.Plan;

/// <summary>Marks steps that write items out of a flow; a flow needs at least one.</summary>
public interface IOutputStep;
