namespace Orleans.Dataflow.Plan;

/// <summary>Lets an engine compile each kind of step with its item types known, without reflection.</summary>
public interface IStepVisitor
{
    /// <summary>Compiles an input step.</summary>
    void VisitInput<T>(InputStep<T> step);

    /// <summary>Compiles an output step.</summary>
    void VisitOutput<T>(OutputStep<T> step);

    /// <summary>Compiles a stateless one-input, one-output step.</summary>
    void VisitUnary<TIn, TOut>(UnaryStep<TIn, TOut> step);

    /// <summary>Compiles a branch step.</summary>
    void VisitBranch<T>(BranchStep<T> step);

    /// <summary>Compiles a merge step.</summary>
    void VisitMerge<T>(MergeStep<T> step);

    /// <summary>Compiles a redistribute step.</summary>
    void VisitRedistribute<T>(RedistributeStep<T> step);

    /// <summary>Compiles a keyed stateful step.</summary>
    void VisitStateful<TValue, TOut, TSlot, TState>(StatefulStep<TValue, TOut, TSlot, TState> step);
}
