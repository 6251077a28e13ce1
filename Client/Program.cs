using Orleans.Dataflow.Client.Cli;

namespace Orleans.Dataflow.Client;

/// <summary>The client executable's entry point.</summary>
internal static class Program
{
    private static int Main(string[] args) => ClientCli.Run(args, Console.Out, Console.Error);
}
