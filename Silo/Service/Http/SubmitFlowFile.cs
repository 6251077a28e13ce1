namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>A file a script submitted over HTTP brings (one its <c>#load</c> or <c>#r</c> names), in the <c>files</c> of <c>POST /flows</c>.</summary>
/// <param name="Path">Where it is relative to the script's directory, with <c>/</c> between directories, e.g. <c>lib/words.csx</c>; never rooted, never through <c>..</c>.</param>
/// <param name="Content">Its text; give this or <paramref name="ContentBase64"/>.</param>
/// <param name="ContentBase64">Its bytes in base64 (an assembly a <c>#r</c> names); give this or <paramref name="Content"/>.</param>
public sealed record SubmitFlowFile(string? Path, string? Content, string? ContentBase64);
