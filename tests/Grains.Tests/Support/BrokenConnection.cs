using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Fails one call of a grain method as Orleans fails a call it could not send to a live silo (the connection broke): on the calling side, with <see cref="ConnectionFailedException"/>, so the call never reaches its grain.</summary>
/// <param name="grainInterface">The grain interface that declares the method.</param>
/// <param name="method">The method's name.</param>
/// <param name="failing">Which of the method's calls fails, counting from 1 over every silo the filter is added to.</param>
internal sealed class BrokenConnection(Type grainInterface, string method, int failing)
{
    private int _calls;

    /// <summary>How many calls of the method were made, the failed one included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Adds the failing filter to <paramref name="silo"/>, as a silo configurator.</summary>
    public void AddTo(ISiloBuilder silo) => silo.AddOutgoingGrainCallFilter(async call =>
    {
        if (call.InterfaceMethod.DeclaringType == grainInterface && call.InterfaceMethod.Name == method && Interlocked.Increment(ref _calls) == failing)
        {
            throw new ConnectionFailedException($"the connection broke before {grainInterface.Name}.{method} was sent (test)");
        }

        await call.Invoke();
    });
}
