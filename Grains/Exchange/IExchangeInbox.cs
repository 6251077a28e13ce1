namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Delivers the messages of one exchange to the operator behind it on the receiving worker.</summary>
internal interface IExchangeInbox
{
    void Deliver(ExchangeMessage message);
}
