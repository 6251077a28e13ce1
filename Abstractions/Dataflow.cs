using System.Text.RegularExpressions;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>A named graph of steps, built by calling operators on streams, and run by the engine.</summary>
/// <remarks>
/// Build a flow once, then hand it to a runner. Step ids are unique within the flow and may not contain a
/// period; a flow needs at least one input and one output. <see cref="Validate"/> checks all of this and the
/// runner calls it before anything runs. A flow is not thread-safe while it is being built.
/// </remarks>
public sealed partial class Dataflow
{
    private readonly List<Step> _steps = [];
    private readonly HashSet<string> _stepIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scopes = new(StringComparer.Ordinal);
    private ErrorPolicy _errorPolicy = ErrorPolicy.Fail;

    /// <summary>Creates an empty flow named <paramref name="flowId"/>; the name appears in every error and in recovery data.</summary>
    /// <exception cref="InvalidDataflowException">The id is empty or contains a period.</exception>
    public Dataflow(string flowId)
    {
        ValidateId(flowId, "flow", flowId);
        Id = flowId;
    }

    /// <summary>The flow's name.</summary>
    public string Id { get; }

    /// <summary>What happens to a record a step's code throws on, for steps without a policy of their own (<see cref="ErrorPolicyExtensions.OnError{TStream}"/>); default <see cref="ErrorPolicy.Fail"/>.</summary>
    public ErrorPolicy ErrorPolicy
    {
        get => _errorPolicy;
        set => _errorPolicy = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The steps in the order they were added; the engine compiles them in this order.</summary>
    public IReadOnlyList<Step> Steps => _steps;

    /// <summary>Adds an input step that reads <paramref name="source"/> and returns its stream.</summary>
    /// <remarks>
    /// <b>Emits:</b> every item the source's partitions produce, in the epoch in which they were read.
    /// <b>At EOF:</b> the stream ends once every partition on every worker has ended.
    /// </remarks>
    public Stream<T> Input<T>(string stepId, Source<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var step = new InputStep<T>(stepId, source);
        Add(step);
        return new Stream<T>(this, step, 0);
    }

    /// <summary>Registers a step built by an operator; operators call this, users call operators.</summary>
    /// <exception cref="InvalidDataflowException">The id is invalid or already used, or an input belongs to another flow.</exception>
    public void Add(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ValidateId(step.Id, "step", Id);
        AddValidated(step);
    }

    /// <summary>Claims <paramref name="stepId"/> for a composite operator whose steps are then added with <see cref="AddNested"/>.</summary>
    /// <exception cref="InvalidDataflowException">The id is invalid or already used.</exception>
    public void ReserveScope(string stepId)
    {
        ValidateId(stepId, "step", Id);
        if (!_stepIds.Add(stepId))
        {
            throw new InvalidDataflowException(Id, stepId, $"step id '{stepId}' is used twice in flow '{Id}'; step ids must be unique");
        }

        _scopes.Add(stepId);
    }

    /// <summary>Registers a step that an operator made inside its own scope: its id is <c>parentId.name</c>.</summary>
    /// <remarks>Composite operators (count_final is key_on + a stateful step) use this so every step has its own id.</remarks>
    /// <exception cref="InvalidDataflowException">The name is invalid, or the id is already used.</exception>
    public void AddNested(string parentId, Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!_scopes.Contains(parentId))
        {
            throw new InvalidDataflowException(Id, step.Id, $"nested step '{step.Id}' belongs to scope '{parentId}', which was not reserved with ReserveScope");
        }

        if (!step.Id.StartsWith(parentId + ".", StringComparison.Ordinal))
        {
            throw new InvalidDataflowException(Id, step.Id, $"nested step '{step.Id}' must be named '{parentId}.<name>'");
        }

        ValidateId(step.Id[(parentId.Length + 1)..], "step", Id);
        AddValidated(step);
    }

    private void AddValidated(Step step)
    {
        foreach (var input in step.Inputs)
        {
            if (!ReferenceEquals(input.Flow, this))
            {
                throw new InvalidDataflowException(Id, step.Id,
                    $"step '{step.Id}' in flow '{Id}' takes a stream of flow '{input.Flow.Id}' (from step '{input.Producer.Id}'); a step can only use streams of its own flow");
            }
        }

        if (!_stepIds.Add(step.Id))
        {
            throw new InvalidDataflowException(Id, step.Id, $"step id '{step.Id}' is used twice in flow '{Id}'; step ids must be unique");
        }

        _steps.Add(step);
    }

    /// <summary>The flow's steps and the streams between them as JSON (<see cref="FlowGraph.ToJson"/>), Bytewax's <c>to_json</c>.</summary>
    public string ToJson() => FlowGraph.Of(this).ToJson();

    /// <summary>The flow as a Mermaid flowchart (<see cref="FlowGraph.ToMermaid"/>), Bytewax's <c>to_mermaid</c>: paste it into any Mermaid renderer.</summary>
    public string ToMermaid() => FlowGraph.Of(this).ToMermaid();

    /// <summary>Checks that the flow can run: it has an input, and an output or an inspect step.</summary>
    /// <exception cref="InvalidDataflowException">The flow has no input or no output.</exception>
    public void Validate()
    {
        if (!_steps.Any(s => s is IInputStep))
        {
            throw new InvalidDataflowException(Id, null, $"flow '{Id}' has no input step; add one with flow.Input(\"id\", source)");
        }

        // As in Bytewax, inspecting a stream counts as output: a flow that only prints what it sees is a flow.
        if (!_steps.Any(s => s is IOutputStep || s.Operator is "inspect" or "inspect_debug"))
        {
            throw new InvalidDataflowException(Id, null, $"flow '{Id}' has no output step; add one with stream.Output(\"id\", sink)");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"Dataflow({Id}, {_steps.Count} steps)";

    private static void ValidateId(string id, string what, string flowId)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidDataflowException(flowId, id, $"a {what} id in flow '{flowId}' is empty; give every {what} a name");
        }

        if (id.Contains('.'))
        {
            throw new InvalidDataflowException(flowId, id, $"{what} id '{id}' in flow '{flowId}' contains a period; periods separate scopes and are not allowed in ids");
        }

        if (IdPattern().IsMatch(id))
        {
            throw new InvalidDataflowException(flowId, id, $"{what} id '{id}' in flow '{flowId}' contains whitespace or a control character");
        }
    }

    [GeneratedRegex(@"[\s\p{C}]")]
    private static partial Regex IdPattern();
}
