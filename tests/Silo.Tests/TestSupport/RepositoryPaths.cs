namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Locates files of the repository from the test binaries' directory.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.Dataflow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Orleans.Dataflow.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root (the directory of Orleans.Dataflow.sln).</summary>
    public static string Root => _root.Value;

    /// <summary>The full path of a file under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The silo's own build output (with its runtimeconfig.json), in the configuration these tests were built in.</summary>
    public static string SiloAssembly
    {
        get
        {
            // tests/Silo.Tests/bin/<Configuration>/<tfm>/ -> Silo/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Combine("Silo", "bin", configuration, tfm, "Orleans.Dataflow.Silo.dll");
        }
    }
}
