using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Joins;

/// <summary>Bytewax's test_join.py: a join outside windows of two inputs keyed "ALL".</summary>
/// <remarks>
/// Bytewax's expectations rely on the left input's items being processed before the right input's; with one worker
/// and batches of one, the merge of the two sides interleaves them left first, so the order is the same here.
/// </remarks>
public sealed class JoinTests
{
    [Fact]
    public void Join_LastComplete_EmitsOnceBothSidesHaveAValue()
    {
        var output = Run([1], [2], JoinInsertMode.Last, JoinEmitMode.Complete);

        Assert.Equal([(1, 2)], output);
    }

    [Fact]
    public void Join_DefaultModes_AreLastComplete()
    {
        var output = Run([1], [2], null, null);

        Assert.Equal([(1, 2)], output);
    }

    [Fact]
    public void Join_FirstFinal_EmitsTheFirstValuesAtEof()
    {
        var output = Run([1], [2, 3], JoinInsertMode.First, JoinEmitMode.Final);

        Assert.Equal([(1, 2)], output);
    }

    [Fact]
    public void Join_LastFinal_EmitsTheLastValuesAtEof()
    {
        var output = Run([1], [2, 3], JoinInsertMode.Last, JoinEmitMode.Final);

        Assert.Equal([(1, 3)], output);
    }

    [Fact]
    public void Join_LastRunning_EmitsTheCurrentRowOnEveryValue()
    {
        var output = Run([1], [2, 3], JoinInsertMode.Last, JoinEmitMode.Running);

        Assert.Equal([(1, null), (1, 2), (1, 3)], output);
    }

    [Fact]
    public void Join_ProductFinal_EmitsEveryCombinationAtEof()
    {
        var output = Run([1, 2], [3, 4], JoinInsertMode.Product, JoinEmitMode.Final);

        Assert.Equal([(1, 3), (1, 4), (2, 3), (2, 4)], output);
    }

    [Fact]
    public void Join_CompleteAfterEmitting_StartsOverForTheKey()
    {
        // Complete discards the key's state once it emits: the right 3 waits for a new left value, which never comes.
        var output = Run([1], [2, 3], JoinInsertMode.Last, JoinEmitMode.Complete);

        Assert.Equal([(1, 2)], output);
    }

    [Fact]
    public void Join_UnknownMode_IsRejectedWhenTheFlowIsBuilt()
    {
        var flow = new Dataflow("test_df");
        var left = flow.Input("inp_l", new Testing.TestingSource<int?>([1])).KeyOn("key_l", _ => "ALL");
        var right = flow.Input("inp_r", new Testing.TestingSource<int?>([2])).KeyOn("key_r", _ => "ALL");

        Assert.Throws<ArgumentOutOfRangeException>(() => left.Join("join", right, (JoinInsertMode)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => left.Join("join2", right, emitMode: (JoinEmitMode)42));
    }

    private static List<(int?, int?)> Run(int?[] left, int?[] right, JoinInsertMode? insertMode, JoinEmitMode? emitMode) =>
        FlowRunner.Run<(int?, int?)>((h, sink) =>
        {
            var lefts = h.Input("inp_l", left).KeyOn("key_l", _ => "ALL");
            var rights = h.Input("inp_r", right).KeyOn("key_r", _ => "ALL");
            var joined = insertMode is { } insert && emitMode is { } emit
                ? lefts.Join("join", rights, insert, emit)
                : lefts.Join("join", rights);
            joined.KeyRm("unkey").Output("out", sink);
        });
}
