using Npgsql;
using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>The <c>-r postgres://</c> URL: what each part becomes in the connection string, and errors that never show the password.</summary>
public sealed class PostgresConnectionUrlTests
{
    [Fact]
    public void Parse_EveryPart_DecodesUserPasswordAndDatabase()
    {
        var url = PostgresConnectionUrl.Parse("postgres://data%20flow:p%40ss%3Aw%2Frd%C3%A9@db.example.com:6543/recovery%2Dstore");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(("data flow", "p@ss:w/rdé", "db.example.com", 6543, "recovery-store"),
            (builder.Username, builder.Password, builder.Host, builder.Port, builder.Database));
        Assert.Equal("db.example.com:6543/recovery-store", url.Server);
    }

    [Fact]
    public void Parse_NoPortAndPostgresqlScheme_UsesPort5432()
    {
        var url = PostgresConnectionUrl.Parse("postgresql://user:pw@localhost/flows");

        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(url.ConnectionString).Port);
        Assert.Equal("localhost:5432/flows", url.Server);
    }

    [Fact]
    public void Parse_IPv6HostWithoutUser_KeepsTheAddressWithoutBrackets()
    {
        var url = PostgresConnectionUrl.Parse("postgres://[::1]:5433/flows");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(("::1", 5433, null), (builder.Host, builder.Port, builder.Username));
        Assert.Equal("[::1]:5433/flows", url.Server);
    }

    [Fact]
    public void Parse_PasswordWithUnencodedReservedCharacters_SplitsAtTheLastAt()
    {
        var url = PostgresConnectionUrl.Parse("postgres://user:a/b?c@d@host/flows");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(("a/b?c@d", "host", "flows"), (builder.Password, builder.Host, builder.Database));
    }

    [Fact]
    public void Parse_QueryParameters_BecomeConnectionStringKeywords()
    {
        var url = PostgresConnectionUrl.Parse("postgres://user:pw@host/flows?sslmode=require&timeout=5");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal((SslMode.Require, 5), (builder.SslMode, builder.Timeout));
    }

    [Theory]
    [InlineData("postgres://user:secret-word@host", "must name a database")]
    [InlineData("postgres://user:secret-word@host/", "must name a database")]
    [InlineData("postgres://user:secret-word@host/a/b", "must name a database")]
    [InlineData("postgres://user:secret-word@/flows", "names no host")]
    [InlineData("postgres://user:secret-word@host:99999/flows", "port must be a number from 1 to 65535, not '99999'")]
    [InlineData("postgres://user:secret-word@[::1/flows", "IPv6 host must end with ']'")]
    [InlineData("postgres://user:secret-word@host/flows?colour=blue", "Npgsql refused its query parameter 'colour'")]
    public void Parse_MalformedUrl_ThrowsSayingWhyWithoutThePassword(string text, string why)
    {
        var error = Assert.Throws<RecoveryStoreException>(() => PostgresConnectionUrl.Parse(text));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://user:***@", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://host/db", true)]
    [InlineData("postgresql://host/db", true)]
    [InlineData("POSTGRES://host/db", true)]
    [InlineData("/var/lib/recovery", false)]
    [InlineData("postgres", false)]
    [InlineData("recovery/postgres://x", false)]
    public void IsMatch_Value_IsTrueOnlyForPostgresUrls(string value, bool expected) =>
        Assert.Equal(expected, PostgresConnectionUrl.IsMatch(value));
}
