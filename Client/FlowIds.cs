namespace Orleans.Dataflow.Client;

/// <summary>What a flow id may be: it names the flow's grains, files and store, so letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only.</summary>
internal static class FlowIds
{
    /// <summary>Throws when <paramref name="id"/> is not a valid flow id, naming it and why.</summary>
    public static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 100 || id[0] == '.' || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"flow id '{id}' is not valid: use 1 to 100 letters, digits, '-', '_' or '.', not starting with '.'");
        }
    }
}
