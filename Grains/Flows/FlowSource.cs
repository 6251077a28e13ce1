namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A flow's code as a client submitted it: a C# script's text or an assembly's bytes, which every silo that runs the flow loads for itself.</summary>
/// <param name="FileName">The file it came from, without its directory: its extension (<c>.csx</c> or <c>.dll</c>) says which it is, and errors name it.</param>
/// <param name="Content">The file's bytes (a script in UTF-8).</param>
/// <param name="FlowName">Which flow of an assembly to build (for a script: the id its flow must have); null for the only one.</param>
/// <param name="Files">The files a script's <c>#load</c> and <c>#r</c> directives name, which every silo writes beside it before compiling it; null for none.</param>
[GenerateSerializer, Immutable]
public sealed record FlowSource(
    [property: Id(0)] string FileName,
    [property: Id(1)] byte[] Content,
    [property: Id(2)] string? FlowName = null,
    [property: Id(3)] FlowSourceFile[]? Files = null);
