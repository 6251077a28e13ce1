using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Service;

/// <summary>Loads the flows that clients submit to a <c>serve</c> silo: writes their code under the data directory and builds the flow from there as <c>run</c> would, but into a collectible load context per execution, and opens their recovery store.</summary>
/// <remarks>
/// Each execution's code (an assembly's bytes, or the assembly a script compiles to) is loaded into a collectible
/// load context of its own, which the catalog unloads when the execution ends; so a silo that runs flows for months
/// does not keep every version it ever ran, and a flow deleted and submitted again under its id runs its new code.
/// A script is compiled from <c>{data}/code/{execution}/{file}</c>, beside the files it brought (<see cref="FlowSource.Files"/>,
/// at their paths under it), so its <c>#load</c> and <c>#r</c> find them as they did on the client, and its errors
/// name its files as the client knows them. A recovery store given as a relative directory is under
/// the data directory (<c>stores/{flow id}</c> by default), so every silo of the machine opens the same one; but when
/// the silos share a clustering database (<paramref name="sharedStore"/>), it is the flow's store in that database,
/// keyed by the directory's name: silos on other machines have data directories of their own, so a flow that moved to
/// another machine would resume there from an empty store.
/// </remarks>
/// <param name="dataDirectory">The silo's data directory, where code is written and relative recovery directories are.</param>
/// <param name="sharedStore">The <c>postgres://</c> URL of the cluster's database, or null when the silos share a machine.</param>
internal sealed class ServiceFlowLoader(string dataDirectory, string? sharedStore) : IFlowSourceLoader
{
    /// <summary>Where submitted flows' code is written, under the data directory.</summary>
    public const string CodeDirectory = "code";

    public LoadedFlow Load(FlowDeployment deployment)
    {
        var source = deployment.Definition.Source ?? throw new ArgumentException($"execution '{deployment.ExecutionId}' carries no code", nameof(deployment));
        var directory = Path.Combine(dataDirectory, CodeDirectory, SafeName(deployment.ExecutionId));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Path.GetFileName(source.FileName));
        WriteIfChanged(path, source.Content);
        foreach (var file in source.Files ?? [])
        {
            if (!FlowSourceFile.IsUnder(file.Path))
            {
                throw new FlowCodeException($"flow file '{source.FileName}' brings '{file.Path}', which is not a path under its directory");
            }

            if (file.Path == Path.GetFileName(source.FileName))
            {
                throw new FlowCodeException($"flow file '{source.FileName}' brings a file of its own name, which would replace it");
            }

            var filePath = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            WriteIfChanged(filePath, file.Content);
        }

        if (!FlowLoader.IsSupported(path))
        {
            throw new FlowCodeException($"flow file '{source.FileName}' is neither a C# script ({FlowLoader.ScriptExtension}) nor an assembly ({FlowLoader.AssemblyExtension})");
        }

        Dataflow flow;
        FlowCode code;
        try
        {
            (flow, code) = FlowLoader.LoadCollectible(path, deployment.Definition.Arguments, source.FlowName);
        }
        catch (FlowLoadException e)
        {
            // The client knows the file by its own name, not by the silo's copy; and a client may not know this
            // exception's type, so the diagnostics go in the message.
            var lines = e.Diagnostics.Count > 0 ? e.Diagnostics : [e.Message];
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
            var directoryPrefix = directory + Path.DirectorySeparatorChar;
            var relativeDirectoryPrefix = Path.GetRelativePath(Environment.CurrentDirectory, directory) + Path.DirectorySeparatorChar;
            throw new FlowCodeException(string.Join('\n', lines.Select(line => line
                .Replace(path, source.FileName, StringComparison.Ordinal).Replace(relative, source.FileName, StringComparison.Ordinal)
                .Replace(directoryPrefix, "", StringComparison.Ordinal).Replace(relativeDirectoryPrefix, "", StringComparison.Ordinal))));
        }
        try
        {
            var settings = deployment.Settings;
            var options = new ExecutionOptions
            {
                WorkerCount = settings.PartitionCount,
                EpochInterval = settings.EpochInterval,
                ExchangeBatchSize = settings.ExchangeBatchSize,
                KeyPartitionCount = settings.KeyPartitionCount,
                Recovery = OpenStore(flow, settings),
            }.Validate();
            return new LoadedFlow(flow, options, code);
        }
        catch
        {
            code.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless the file holds it already (another silo of the machine may have written it).</summary>
    private static void WriteIfChanged(string path, byte[] content)
    {
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            File.WriteAllBytes(path, content);
        }
    }

    private IRecoveryStore? OpenStore(Dataflow flow, FlowSettings settings) => settings.RecoveryStore switch
    {
        null => null,
        { } url when PostgresConnectionUrl.IsMatch(url) => PostgresRecoveryStore.Open(url, flow.Id, keepEpochs: 0),
        { } directory when sharedStore is not null && !Path.IsPathRooted(directory)
            => PostgresRecoveryStore.Open(sharedStore, directory.Replace('\\', '/'), keepEpochs: 0),
        { } directory => SqliteRecoveryStore.Open(Path.Combine(dataDirectory, directory), flow.Id, keepEpochs: 0,
            Math.Max(DataflowRunner.DefaultPartitionCount, settings.PartitionCount)),
    };

    /// <summary>A file name for <paramref name="id"/>: letters, digits, <c>-</c>, <c>_</c> and <c>.</c> kept, anything else as <c>%XX</c>.</summary>
    private static string SafeName(string id)
    {
        var name = new StringBuilder(id.Length);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            var c = (char)b;
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && name.Length > 0) ? c : $"%{b:X2}");
        }

        return name.ToString();
    }
}
