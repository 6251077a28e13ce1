using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Loads every submitted deployment as the flow <c>build</c> makes, on the deployment's partitions and epoch interval with <c>configure</c> applied to those options: a test's "submitted code", without a compiler.</summary>
internal sealed class BuiltFlowLoader(Func<Dataflow> build, Func<ExecutionOptions, ExecutionOptions>? configure = null) : IFlowSourceLoader
{
    public LoadedFlow Load(FlowDeployment deployment)
    {
        var settings = deployment.Settings;
        var options = new ExecutionOptions { WorkerCount = settings.PartitionCount, EpochInterval = settings.EpochInterval };
        return new LoadedFlow(build(), configure is null ? options : configure(options));
    }
}
