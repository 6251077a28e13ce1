using System.Reflection;
using Orleans.Dataflow.Silo.Service;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>What a <c>serve</c> silo's options print: every option, and neither the HTTP token nor the database's password.</summary>
public sealed class ServeOptionsTests
{
    [Fact]
    public void ToString_OptionsWithATokenAndAClusteringUrl_HidesTheTokenAndThePassword()
    {
        var options = new ServeOptions { Token = "s3cret-token", Clustering = "postgres://dataflow:pa55word@db.internal:5432/dataflow", HttpPort = 7411 };

        var printed = options.ToString();

        Assert.DoesNotContain("s3cret-token", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", printed, StringComparison.Ordinal);
        Assert.Contains("Token = ***", printed, StringComparison.Ordinal);
        Assert.Contains("Clustering = postgres://dataflow:***@db.internal:5432/dataflow", printed, StringComparison.Ordinal);
        Assert.Contains("HttpPort = 7411", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_AnyOptions_NamesEveryOption()
    {
        var printed = new ServeOptions().ToString();

        var missing = typeof(ServeOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => property.Name)
            .Where(name => !printed.Contains($"{name} = ", StringComparison.Ordinal));
        Assert.Empty(missing);
    }
}
