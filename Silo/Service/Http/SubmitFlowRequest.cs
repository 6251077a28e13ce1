namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>The body of <c>POST /flows</c>: a flow's code and how it runs, the HTTP form of the client's <c>submit</c>.</summary>
/// <param name="Id">The flow's id (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>); null: <paramref name="FileName"/> without its extension.</param>
/// <param name="FileName">The code's file name: <c>.csx</c> for a script, <c>.dll</c> for an assembly; compile errors name it.</param>
/// <param name="Content">A script's text; give this or <paramref name="ContentBase64"/>.</param>
/// <param name="ContentBase64">The file's bytes in base64 (an assembly, or a script); give this or <paramref name="Content"/>.</param>
/// <param name="Flow">Which flow of an assembly to build (for a script: the id its flow must have); null for the only one.</param>
/// <param name="Workers">Partitions (workers) across the cluster; null: 1.</param>
/// <param name="SnapshotIntervalSeconds">Seconds between epochs (snapshots), fractions allowed; null: 10.</param>
/// <param name="Recovery">The recovery store: a directory under the data directory or a <c>postgres://</c> URL; null: <c>stores/{id}</c>.</param>
/// <param name="NoRecovery">Run without a recovery store: a lost silo then fails the flow.</param>
/// <param name="Args">The values the flow sees as <c>Args["key"]</c>.</param>
/// <param name="MaxRestarts">How many times a failed execution is started again from the last committed epoch before the flow stays failed; null: 3.</param>
/// <param name="Files">The files a script's <c>#load</c> and <c>#r</c> name, which every silo puts beside it; null: none.</param>
public sealed record SubmitFlowRequest(
    string? Id,
    string? FileName,
    string? Content,
    string? ContentBase64,
    string? Flow,
    int? Workers,
    double? SnapshotIntervalSeconds,
    string? Recovery,
    bool NoRecovery,
    IReadOnlyDictionary<string, string>? Args,
    int? MaxRestarts = null,
    IReadOnlyList<SubmitFlowFile>? Files = null);
