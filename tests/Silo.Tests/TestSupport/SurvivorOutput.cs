namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>What the surviving processes of a cluster run printed to stdout together, with each one's stderr.</summary>
/// <param name="Lines">Every process's stdout lines, in process order.</param>
/// <param name="Errors">Each process's stderr, in process order: with <c>-v</c>, the runtime's events, which say how the run went.</param>
internal sealed record SurvivorOutput(IReadOnlyList<string> Lines, IReadOnlyList<string> Errors)
{
    /// <summary>Asserts that <see cref="Lines"/>, sorted (and each once when <paramref name="distinct"/>), are <paramref name="expected"/>; a failure names the first difference and shows every process's stderr.</summary>
    /// <remarks>A cluster run that prints too much or too little went somewhere the assertion cannot see: what its processes logged is the only account of it.</remarks>
    public void AssertLines(IReadOnlyList<string> expected, bool distinct = false)
    {
        var actual = (distinct ? Lines.Distinct() : Lines).Order(StringComparer.Ordinal).ToList();
        var at = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
        if (at < 0 && expected.Count == actual.Count)
        {
            return;
        }

        var where = at >= 0 ? $"line {at}: expected '{expected[at]}', printed '{actual[at]}'" : $"line {Math.Min(expected.Count, actual.Count)}: one list ends there";
        var stderr = string.Join("\n", Errors.Select((error, i) => $"--- process {i}'s stderr:\n{error}"));
        Assert.Fail($"the processes printed {actual.Count} lines{(distinct ? " (distinct)" : "")}, {expected.Count} expected; the first difference is at {where}\n{stderr}");
    }
}
