using System.CommandLine;
using System.Net;

namespace Orleans.Dataflow.Client.Cli;

/// <summary>The client's command line: <c>submit</c>, <c>list</c>, <c>status</c>, <c>stop</c>, <c>resume</c>, <c>wait</c>, <c>delete</c> and <c>graph</c> against a cluster's gateway.</summary>
/// <remarks>Never throws: every failure is one <c>error:</c> line on the error writer and an exit code (0 done, 1 failed, 2 usage, 130 stopped).</remarks>
public static class ClientCli
{
    /// <summary>The flow ran to its end, or the command succeeded.</summary>
    public const int Success = 0;

    /// <summary>The command or the flow failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>The flow was stopped before its end.</summary>
    public const int Stopped = 130;

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var gateway = new Option<string>("--gateway")
        {
            Description = "HOST:PORT of a silo's gateway.",
            DefaultValueFactory = _ => "127.0.0.1:30000",
            Recursive = true,
        };
        var flowPath = new Argument<string>("flow") { Description = "The flow: a C# script (.csx) or an assembly (.dll)." };
        var id = new Option<string?>("--id") { Description = "The flow's id in the cluster; default: the file's name without extension." };
        var flowName = new Option<string?>("--flow") { Description = "Which flow of an assembly to build (for a script: its flow's id)." };
        var workers = new Option<int>("--workers", "-w") { Description = "Partitions (workers) across the cluster.", DefaultValueFactory = _ => 1 };
        var store = new Option<string?>("--recovery", "-r") { Description = "Recovery store: a directory (relative: under the silos' data directory, or in their database when they run with --clustering) or postgres:// URL; default stores/ID." };
        var noRecovery = new Option<bool>("--no-recovery") { Description = "Run without a recovery store: a lost silo fails the flow." };
        var epoch = new Option<double>("--snapshot-interval", "-s") { Description = "Epoch length in seconds.", DefaultValueFactory = _ => 10 };
        var flowArgs = new Option<string[]>("--arg") { Description = "key=value passed to the flow (repeatable).", AllowMultipleArgumentsPerToken = false };
        var wait = new Option<bool>("--wait") { Description = "Wait for the flow to end, printing its progress on stderr every few seconds; exit 0 done, 1 failed, 130 stopped." };
        var maxRestarts = new Option<int>("--max-restarts") { Description = "Restarts from the last committed epoch after a failure, with backoff, before the flow stays failed.", DefaultValueFactory = _ => 3 };
        var submit = new Command("submit", "Submit a flow to the cluster; it runs until its input ends or it is stopped.")
        {
            flowPath, id, flowName, workers, store, noRecovery, epoch, flowArgs, maxRestarts, wait,
        };
        var idArgument = new Argument<string>("id") { Description = "The flow's id." };
        var list = new Command("list", "List the submitted flows: state, execution, epochs, uptime, records in and out.");
        var status = new Command("status", "Show a flow's deployment, status and progress: each partition's silo, epochs and records, each step's count.") { idArgument };
        var stop = new Command("stop", "Stop a flow after its current epoch.") { idArgument };
        var waitCommand = new Command("wait", "Wait for a flow to end, printing its progress on stderr every few seconds; exit 0 done, 1 failed, 130 stopped.") { idArgument };
        var delete = new Command("delete", "Delete a flow that has ended (its recovery store stays on disk).") { idArgument };
        var resume = new Command("resume", "Run a flow that has ended (stopped, failed) again from its last committed epoch.") { idArgument };
        var asJson = new Option<bool>("--json") { Description = "Print the graph as JSON instead of Mermaid." };
        var graph = new Command("graph", "Print a flow's steps and the streams between them as a Mermaid flowchart (or JSON).") { idArgument, asJson };
        var root = new RootCommand("Orleans.Dataflow client: submits flows to running silos (`serve`) and operates them.")
        {
            gateway, submit, list, status, stop, resume, waitCommand, delete, graph,
        };

        submit.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var options = new SubmitOptions
            {
                Id = parse.GetValue(id),
                FlowName = parse.GetValue(flowName),
                Workers = parse.GetValue(workers),
                RecoveryStore = parse.GetValue(store),
                NoRecovery = parse.GetValue(noRecovery),
                MaxRestarts = parse.GetValue(maxRestarts),
                EpochInterval = TimeSpan.FromSeconds(parse.GetValue(epoch)),
                Arguments = ParseArguments(parse.GetValue(flowArgs) ?? []),
            };
            var path = parse.GetValue(flowPath)!;
            var flowId = options.Id ?? Path.GetFileNameWithoutExtension(path);
            var record = await client.SubmitAsync(path, options);
            error.WriteLine($"submitted flow '{flowId}': '{record.Deployment!.Definition.FlowId}' from {record.Deployment.Definition.Origin} on {record.Deployment.Settings.PartitionCount} partition(s), execution '{record.Deployment.ExecutionId}'");
            return parse.GetValue(wait) ? Outcome(await client.WaitAsync(flowId, record => FlowText.ProgressLine(flowId, record, DateTimeOffset.UtcNow, error)), flowId, error) : Success;
        }));
        list.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            FlowText.List(await client.ListAsync(), DateTimeOffset.UtcNow, output);
            return Success;
        }));
        status.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var flowId = parse.GetValue(idArgument)!;
            FlowText.Status(flowId, await client.StatusAsync(flowId), DateTimeOffset.UtcNow, output);
            return Success;
        }));
        stop.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var flowId = parse.GetValue(idArgument)!;
            error.WriteLine(await client.StopAsync(flowId)
                ? $"flow '{flowId}' stops after its current epoch"
                : $"flow '{flowId}' has ended already");
            return Success;
        }));
        graph.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var flowGraph = await client.GraphAsync(parse.GetValue(idArgument)!);
            output.Write(parse.GetValue(asJson) ? flowGraph.ToJson() + Environment.NewLine : flowGraph.ToMermaid());
            return Success;
        }));
        resume.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var flowId = parse.GetValue(idArgument)!;
            await client.ResumeAsync(flowId);
            error.WriteLine($"flow '{flowId}' runs again from its last committed epoch");
            return Success;
        }));
        delete.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var flowId = parse.GetValue(idArgument)!;
            await client.DeleteAsync(flowId);
            error.WriteLine($"flow '{flowId}' deleted");
            return Success;
        }));
        waitCommand.SetAction(parse => WithClient(parse, gateway, error, async client =>
        {
            var flowId = parse.GetValue(idArgument)!;
            return Outcome(await client.WaitAsync(flowId, record => FlowText.ProgressLine(flowId, record, DateTimeOffset.UtcNow, error)), flowId, error);
        }));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[0].Message} (see --help)");
            return Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static int WithClient(ParseResult parse, Option<string> gateway, TextWriter error, Func<DataflowClient, Task<int>> action)
    {
        var text = parse.GetValue(gateway)!;
        if (!IPEndPoint.TryParse(text.Replace("localhost", "127.0.0.1", StringComparison.OrdinalIgnoreCase), out var endpoint) || endpoint.Port == 0)
        {
            error.WriteLine($"error: --gateway must be HOST:PORT, e.g. 127.0.0.1:30000; got '{text}'");
            return Usage;
        }

        try
        {
            return Task.Run(async () =>
            {
                await using var client = await DataflowClient.ConnectAsync(new DataflowClientOptions { Gateway = endpoint });
                return await action(client);
            }).GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return Usage;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.Message}");
            return Failure;
        }
    }

    private static Dictionary<string, string> ParseArguments(string[] values)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--arg must be key=value; got '{value}'");
            }

            arguments[value[..equals]] = value[(equals + 1)..];
        }

        return arguments;
    }

    private static int Outcome(Grains.Coordination.ExecutionEnd end, string id, TextWriter error)
    {
        if (end.Failure is { } failure)
        {
            error.WriteLine($"error: flow '{id}' failed: {failure.Message}");
            return Failure;
        }

        error.WriteLine(end.Outcome == Grains.Execution.ExecutionOutcome.Completed
            ? $"flow '{id}' completed"
            : $"flow '{id}' {end.Outcome.ToString().ToLowerInvariant()} after epoch {end.ClosedEpoch}");
        return end.Outcome == Grains.Execution.ExecutionOutcome.Stopped ? Stopped : Success;
    }
}
