using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Configuration;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Deploy;

/// <summary>
/// What deploy/kubernetes/dataflow.yaml promises, read from its text with line-based checks (no YAML library): a
/// headless Service the StatefulSet names, process ids from pod names, one address per replica, a shared store and
/// the cluster's certificate from Secrets, and only variables the silo reads.
/// </summary>
public partial class KubernetesManifestTests
{
    private static readonly string _manifestPath = RepositoryPaths.Combine("deploy", "kubernetes", "dataflow.yaml");

    [Fact]
    public void Manifest_Service_IsHeadlessWithTheClusterPort()
    {
        var service = Document("Service");

        Assert.Equal("None", Scalar(service, "spec", "clusterIP"));
        Assert.Equal("true", Scalar(service, "spec", "publishNotReadyAddresses"));
        Assert.Contains(service, line => line.Trim() == "- name: cluster");
        Assert.Equal(ClusterPort(), int.Parse(Scalar(service, "spec", "ports", "- name", "port"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Manifest_StatefulSet_NamesTheHeadlessServiceAndStartsPodsInParallel()
    {
        var statefulSet = Document("StatefulSet");

        Assert.Equal(Scalar(Document("Service"), "metadata", "name"), Scalar(statefulSet, "spec", "serviceName"));
        Assert.Equal("Parallel", Scalar(statefulSet, "spec", "podManagementPolicy"));
        Assert.Equal(Scalar(statefulSet, "metadata", "name"), EnvironmentValue(statefulSet, "DATAFLOW_STATEFULSET_NAME"));
    }

    [Fact]
    public void Manifest_PodName_ComesFromTheDownwardApi()
    {
        var entry = EnvironmentEntry(Document("StatefulSet"), "DATAFLOW_POD_NAME");

        Assert.Contains(entry, line => line.Trim() == "fieldRef:");
        Assert.Contains(entry, line => line.Trim() == "fieldPath: metadata.name");
    }

    [Fact]
    public void Manifest_Addresses_NameEveryReplicaThroughTheHeadlessService()
    {
        var statefulSet = Document("StatefulSet");
        var name = Scalar(statefulSet, "metadata", "name");
        var service = Scalar(Document("Service"), "metadata", "name");
        var replicas = int.Parse(Scalar(statefulSet, "spec", "replicas"), System.Globalization.CultureInfo.InvariantCulture);

        var addresses = EnvironmentValue(statefulSet, "DATAFLOW_ADDRESSES").Split(';');

        Assert.Equal(Enumerable.Range(0, replicas).Select(i => $"{name}-{i}.{service}:{ClusterPort()}"), addresses);
    }

    [Fact]
    public void Manifest_RecoveryStore_IsOneDatabaseEveryPodSharesFromASecret()
    {
        var statefulSet = Document("StatefulSet");
        var entry = EnvironmentEntry(statefulSet, "DATAFLOW_RECOVERY_DIRECTORY");

        // Partitions move between pods after a loss: a per-pod volume would leave their state behind.
        Assert.Contains(entry, line => line.Trim() == "secretKeyRef:");
        Assert.DoesNotContain(statefulSet, line => line.Trim() == "volumeClaimTemplates:");
    }

    [Fact]
    public void Manifest_Clustering_IsTheSharedDatabaseFromTheSecret()
    {
        var statefulSet = Document("StatefulSet");

        // Pod 0 would otherwise hold the membership, and its loss would end the run.
        Assert.Equal(Source(statefulSet, "DATAFLOW_RECOVERY_DIRECTORY"), Source(statefulSet, "DATAFLOW_CLUSTERING"));
        Assert.Contains(Source(statefulSet, "DATAFLOW_CLUSTERING"), line => line.Trim() == "secretKeyRef:");

        static IEnumerable<string> Source(string[] statefulSet, string variable)
            => EnvironmentEntry(statefulSet, variable).Skip(1).Where(line => !line.TrimStart().StartsWith('#'));
    }

    [Fact]
    public void Manifest_TlsCertificate_IsInTheMountedSecret()
    {
        var statefulSet = Document("StatefulSet");
        var certificate = EnvironmentValue(statefulSet, "DATAFLOW_TLS_CERTIFICATE");
        var mountName = Scalar(statefulSet, "spec", "template", "spec", "containers", "volumeMounts", "- name");
        var mountPath = Scalar(statefulSet, "spec", "template", "spec", "containers", "volumeMounts", "- name", "mountPath");

        Assert.StartsWith(mountPath.TrimEnd('/') + "/", certificate, StringComparison.Ordinal);
        Assert.Equal(mountName, Scalar(statefulSet, "spec", "template", "spec", "volumes", "- name"));
        Assert.Equal("dataflow-tls", Scalar(statefulSet, "spec", "template", "spec", "volumes", "- name", "secret", "secretName"));
    }

    [Fact]
    public void Manifest_KubernetesHosting_IsOnWithThePodsNameNamespaceAndARoleToWatchAndLabelPods()
    {
        var statefulSet = Document("StatefulSet");
        var role = Document("Role");
        var binding = Document("RoleBinding");
        var account = Scalar(Document("ServiceAccount"), "metadata", "name");

        Assert.Equal("true", EnvironmentValue(statefulSet, "DATAFLOW_KUBERNETES"));
        Assert.Contains(EnvironmentEntry(statefulSet, "POD_NAME"), line => line.Trim() == "fieldPath: metadata.name");
        Assert.Contains(EnvironmentEntry(statefulSet, "POD_NAMESPACE"), line => line.Trim() == "fieldPath: metadata.namespace");
        Assert.Equal(account, Scalar(statefulSet, "spec", "template", "spec", "serviceAccountName"));
        Assert.Equal("[\"pods\"]", Scalar(role, "rules", "- apiGroups", "resources"));
        Assert.Equal("[\"get\", \"list\", \"watch\", \"patch\"]", Scalar(role, "rules", "- apiGroups", "verbs"));
        Assert.Equal(account, Scalar(binding, "subjects", "- kind", "name"));
        Assert.Equal(Scalar(role, "metadata", "name"), Scalar(binding, "roleRef", "name"));
    }

    [Fact]
    public void DeployFiles_UseOnlyVariablesTheSiloReads()
    {
        var known = SiloSetting.All.Select(s => s.EnvironmentVariable).Append(Orleans.Dataflow.Silo.Cli.ServeCommand.TokenVariable)
            .Append(Orleans.Dataflow.Silo.Scripting.CompiledScriptCache.DirectoryVariable).ToHashSet(StringComparer.Ordinal);
        string[] files =
        [
            _manifestPath,
            RepositoryPaths.Combine("deploy", "Dockerfile"),
            RepositoryPaths.Combine("deploy", "README.md"),
            RepositoryPaths.Combine("scripts", "local-cluster.sh"),
            RepositoryPaths.Combine("README.md"),
            RepositoryPaths.Combine("appsettings.json"),
        ];

        var used = files
            .SelectMany(file => Variable().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Variable: m.Value)))
            .ToList();

        Assert.Contains(used, u => u.File == "dataflow.yaml");
        Assert.Empty(used.Where(u => !known.Contains(u.Variable)).Distinct());
    }

    /// <summary>The default cluster port, which the manifest's Service and addresses use.</summary>
    private static int ClusterPort() => new SiloSettings().ClusterPort;

    /// <summary>The lines of the manifest's document of <paramref name="kind"/>.</summary>
    private static string[] Document(string kind)
    {
        var documents = new List<List<string>> { new() };
        foreach (var line in File.ReadAllLines(_manifestPath))
        {
            if (line.TrimEnd() == "---")
            {
                documents.Add([]);
            }
            else
            {
                documents[^1].Add(line);
            }
        }

        return Assert.Single(documents, d => d.Any(line => line.TrimEnd() == $"kind: {kind}")).ToArray();
    }

    /// <summary>
    /// The scalar at <paramref name="path"/>: each key is looked for among the children of the previous one (the lines
    /// indented one level deeper); a key starting with <c>- </c> matches a list item's first key.
    /// </summary>
    private static string Scalar(string[] lines, params string[] path)
    {
        var (start, end) = (0, lines.Length);
        var line = -1;
        foreach (var key in path)
        {
            line = Child(lines, start, end, key);
            Assert.True(line >= 0, $"{string.Join('.', path)}: no '{key}' in the manifest");
            (start, end) = (line + 1, BlockEnd(lines, line, end));
        }

        var text = lines[line].Trim();
        return Unquote(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>
    /// The index of the first line among the children of lines [start, end) whose key is <paramref name="key"/>, or -1.
    /// When the children are list items, the keys of every item count as children too.
    /// </summary>
    private static int Child(string[] lines, int start, int end, string key)
    {
        var indent = -1;
        var isList = false;
        for (var i = start; i < end; i++)
        {
            if (IsBlankOrComment(lines[i]))
            {
                continue;
            }

            var text = lines[i].Trim();
            if (indent < 0)
            {
                indent = Indent(lines[i]);
                isList = text.StartsWith("- ", StringComparison.Ordinal);
            }

            if (text.StartsWith(key + ":", StringComparison.Ordinal) && (Indent(lines[i]) == indent || (isList && Indent(lines[i]) == indent + 2)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The end of the block that <paramref name="line"/> opens: the next line indented no deeper (a list item's keys count as deeper).</summary>
    private static int BlockEnd(string[] lines, int line, int end)
    {
        var text = lines[line].TrimStart();
        var indent = Indent(lines[line]) + (text.StartsWith("- ", StringComparison.Ordinal) ? 1 : 0);
        var i = line + 1;
        while (i < end && (IsBlankOrComment(lines[i]) || Indent(lines[i]) > indent))
        {
            i++;
        }

        return i;
    }

    /// <summary>The lines of the container's environment entry <c>- name: <paramref name="variable"/></c>.</summary>
    private static string[] EnvironmentEntry(string[] statefulSet, string variable)
    {
        var start = Array.FindIndex(statefulSet, line => line.Trim() == $"- name: {variable}");
        Assert.True(start >= 0, $"the StatefulSet sets no {variable}");
        return statefulSet[start..BlockEnd(statefulSet, start, statefulSet.Length)];
    }

    /// <summary>The literal value of an environment entry.</summary>
    private static string EnvironmentValue(string[] statefulSet, string variable)
    {
        var value = Assert.Single(EnvironmentEntry(statefulSet, variable), line => line.TrimStart().StartsWith("value:", StringComparison.Ordinal));
        return Unquote(value.Trim()["value:".Length..]);
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;
    }

    private static bool IsBlankOrComment(string line) => line.Trim() is "" || line.TrimStart().StartsWith('#');

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    [GeneratedRegex("DATAFLOW_[A-Z][A-Z_]*[A-Z]")]
    private static partial Regex Variable();
}
