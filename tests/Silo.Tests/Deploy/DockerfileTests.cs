using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Deploy;

/// <summary>What deploy/Dockerfile promises, read from its text: it builds from every project the silo needs and runs the silo's <c>run</c>.</summary>
public partial class DockerfileTests
{
    private static readonly string[] _lines = File.ReadAllLines(RepositoryPaths.Combine("deploy", "Dockerfile"));

    [Fact]
    public void Dockerfile_Entrypoint_RunsTheSiloAssembly()
    {
        var entrypoint = Assert.Single(_lines, line => line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));

        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"/app/{Path.GetFileName(RepositoryPaths.SiloAssembly)}\", \"run\"]", entrypoint);
        Assert.Contains("COPY samples/ samples/", _lines);
        Assert.Contains("WORKDIR /app", _lines);
    }

    [Fact]
    public void Dockerfile_Build_CopiesEveryProjectTheSiloReferences()
    {
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(["Silo"]);
        while (pending.TryDequeue(out var project))
        {
            if (!projects.Add(project))
            {
                continue;
            }

            var csproj = File.ReadAllText(RepositoryPaths.Combine(project, $"{project}.csproj"));
            foreach (Match reference in ProjectReference().Matches(csproj))
            {
                pending.Enqueue(reference.Groups[1].Value);
            }
        }

        Assert.Equal(["Abstractions", "Client", "Grains", "Silo"], projects);
        foreach (var project in projects)
        {
            Assert.Contains($"COPY {project}/{project}.csproj {project}/", _lines);
            Assert.Contains($"COPY {project}/ {project}/", _lines);
        }

        Assert.Contains(_lines, line => line.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", StringComparison.Ordinal));
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", _lines);
        Assert.Contains(_lines, line => line.Contains("dotnet publish Silo/Silo.csproj -c Release -o /app", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"<ProjectReference Include=""\.\.\\(\w+)\\\1\.csproj""")]
    private static partial Regex ProjectReference();
}
