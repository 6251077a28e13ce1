using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>Builds, on this silo, the flow of a deployment whose code travelled with it (<see cref="FlowDefinition.Source"/>), and opens what it runs with: what a host that accepts flows from clients registers.</summary>
/// <remarks>Called on a thread-pool thread, once per execution and silo (<see cref="DataflowExecutionCatalog.LoadAsync"/>); compiling a script takes seconds.</remarks>
public interface IFlowSourceLoader
{
    /// <summary>Loads <paramref name="deployment"/>'s flow from its source and returns it with the options it runs with on this silo (its recovery store open) and the handle that lets its code go.</summary>
    /// <exception cref="Exception">The code does not compile or load, or its store cannot be opened: the message names the file and what is wrong; nothing stays loaded or open.</exception>
    LoadedFlow Load(FlowDeployment deployment);
}
