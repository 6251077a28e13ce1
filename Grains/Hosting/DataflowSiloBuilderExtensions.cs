using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>Makes any Orleans silo (the Silo program, an ASP.NET host, a TestCluster silo) a dataflow silo.</summary>
public static class DataflowSiloBuilderExtensions
{
    /// <summary>Adds the dataflow service: the catalog of executions (which loads submitted flows' code with the host's <see cref="IFlowSourceLoader"/>, if it registered one), the placement that spreads partition grains over the silos, the stop of this silo's partition workers when the silo stops, the resumption of submitted flows when it starts, and a grain storage in the silo's memory for flow grains' records unless one named <see cref="FlowStorage.Name"/> was added before.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="catalog">The catalog to use, for hosts that share one between silos of one process (a test cluster); null makes one for this silo.</param>
    public static ISiloBuilder AddDataflow(this ISiloBuilder builder, DataflowExecutionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(services =>
        {
            var built = catalog ?? new DataflowExecutionCatalog(services.GetService<IFlowSourceLoader>());
            if (services.GetService<ILoggerFactory>() is { } logging)
            {
                built.Log = logging.CreateLogger<DataflowExecutionCatalog>();
            }

            return built;
        });
        builder.Services.AddPlacementDirector<PartitionPlacement, PartitionPlacementDirector>();
        builder.Services.AddSingleton<LocalPartitions>();
        builder.Services.AddSingleton<LocalInboxes>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<LocalPartitions>());
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SubmittedFlowsResumer>();
        if (!builder.Services.Any(service => service.ServiceType == typeof(IGrainStorage) && service.IsKeyedService && Equals(service.ServiceKey, FlowStorage.Name)))
        {
            builder.Services.AddKeyedSingleton<IGrainStorage>(FlowStorage.Name, (services, _) => new SiloMemoryGrainStorage(services.GetRequiredService<DeepCopier>()));
        }

        return builder;
    }
}
