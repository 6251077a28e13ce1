using Orleans.Dataflow.Grains.Partitions;
using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>Why a partition could not reach another is told on one line: the cause Orleans reports, without the stack frames it puts in its messages; and which failed calls are made again.</summary>
public sealed class UnreachableTests
{
    [Fact]
    public void Reason_OfARejectionQuotingItsCauseWithFrames_IsTheCauseAlone()
    {
        // The text of Orleans' OrleansMessageRejectionException when the silo of a call's target is gone (its constructor is internal).
        var rejection = new InvalidOperationException(
            "Exception while sending message: Orleans.Runtime.Messaging.ConnectionFailedException: Unable to connect to endpoint S127.0.0.1:20011:155536375. See InnerException\n"
            + " ---> Orleans.Networking.Shared.SocketConnectionException: Unable to connect to 127.0.0.1:20011. Error: ConnectionRefused\n"
            + "   at Orleans.Networking.Shared.SocketConnectionFactory.ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken) in /_/src/Orleans.Core/Networking/Shared/SocketConnectionFactory.cs:line 67\n"
            + "   --- End of inner exception stack trace ---\n"
            + "   at Orleans.Runtime.Messaging.ConnectionManager.ConnectAsync(SiloAddress address, ConnectionEntry entry) in /_/src/Orleans.Core/Networking/ConnectionManager.cs:line 296");

        Assert.Equal("Unable to connect to 127.0.0.1:20011. Error: ConnectionRefused", Unreachable.Reason(rejection));
    }

    [Fact]
    public void Reason_OfAOneLineMessage_IsThatLine()
    {
        var timeout = new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request IPartitionGrain.Deliver");

        Assert.Equal("Response did not arrive on time in 00:00:30 for message: Request IPartitionGrain.Deliver", Unreachable.Reason(timeout));
    }

    [Fact]
    public void Reason_OfAnEmptyMessage_NamesTheExceptionType()
        => Assert.Equal(nameof(OperationCanceledException), Unreachable.Reason(new OperationCanceledException(" ")));

    [Fact]
    public void MayGetThroughAgain_ACallThatWasNeverSent_True()
    {
        Assert.True(Unreachable.MayGetThroughAgain(new ConnectionFailedException("the connection broke")));
        Assert.True(Unreachable.MayGetThroughAgain(new AggregateException(new OperationCanceledException("cancelled unsent"))));
    }

    [Fact]
    public void MayGetThroughAgain_ATimeoutADeadSiloOrAnotherError_False()
    {
        // A timed-out call may have been applied; a silo declared dead fails every call for good; anything else is not the way.
        Assert.False(Unreachable.MayGetThroughAgain(new TimeoutException("late")));
        Assert.False(Unreachable.MayGetThroughAgain(new SiloUnavailableException("declared dead")));
        Assert.False(Unreachable.MayGetThroughAgain(new InvalidOperationException("refused by the grain")));
        Assert.False(Unreachable.MayGetThroughAgain(null));
    }
}
