using System.Globalization;
using Npgsql;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>A <c>postgres://user:password@host:port/database</c> URL (also <c>postgresql://</c>), turned into an Npgsql connection string.</summary>
/// <remarks>
/// User, password and database are percent-decoded, so a password may hold any character written as <c>%XX</c>;
/// the port defaults to 5432; an IPv6 host is written in brackets. Query parameters (<c>?sslmode=require</c>) are
/// Npgsql connection string keywords. <see cref="Server"/> is what error messages name: never the password.
/// </remarks>
internal sealed class PostgresConnectionUrl
{
    /// <summary>The port a URL without one connects to: PostgreSQL's.</summary>
    public const int DefaultPort = 5432;

    private static readonly string[] _schemes = ["postgres://", "postgresql://"];

    private PostgresConnectionUrl(string connectionString, string server)
    {
        ConnectionString = connectionString;
        Server = server;
    }

    /// <summary>The Npgsql connection string, password included: for the data source, never for messages.</summary>
    public string ConnectionString { get; }

    /// <summary>Where the store lives, as <c>host:port/database</c>: what error messages name.</summary>
    public string Server { get; }

    /// <summary>Whether <paramref name="value"/> is a PostgreSQL URL rather than a recovery directory: it starts with <c>postgres://</c> or <c>postgresql://</c>.</summary>
    public static bool IsMatch(string value) => Scheme(value) is not null;

    /// <summary>Parses <paramref name="url"/>.</summary>
    /// <exception cref="RecoveryStoreException">The URL is malformed; the message shows it with the password hidden.</exception>
    public static PostgresConnectionUrl Parse(string url)
    {
        var scheme = Scheme(url) ?? throw Malformed(url, "it must start with postgres:// or postgresql://");
        var (userInfo, rest) = SplitUserInfo(url[scheme.Length..]);
        var query = Cut(ref rest, '?');
        var database = Uri.UnescapeDataString(Cut(ref rest, '/') ?? "");
        var (host, port) = ParseHostPort(url, rest);
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw Malformed(url, "it must name a database after the host: postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = host, Port = port, Database = database, ApplicationName = "orleans-dataflow" };
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        foreach (var parameter in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? parameter : parameter[..equals]);
            try
            {
                builder[name] = equals < 0 ? "true" : Uri.UnescapeDataString(parameter[(equals + 1)..]);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw Malformed(url, $"Npgsql refused its query parameter '{name}' ({e.Message})");
            }
        }

        var shownHost = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new PostgresConnectionUrl(builder.ConnectionString, $"{shownHost}:{port}/{database}");
    }

    /// <summary><paramref name="url"/> with the password replaced by <c>***</c>, for messages.</summary>
    public static string Redact(string url)
    {
        var scheme = Scheme(url);
        if (scheme is null || SplitUserInfo(url[scheme.Length..]) is not ({ } userInfo, var rest))
        {
            return url;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? url : $"{scheme}{userInfo[..(colon + 1)]}***@{rest}";
    }

    private static string? Scheme(string value) =>
        Array.Find(_schemes, s => value.StartsWith(s, StringComparison.OrdinalIgnoreCase)) is { } scheme ? value[..scheme.Length] : null;

    /// <summary>Splits what follows the scheme at its last '@': a password may hold unencoded '/', '?' or '@', a host and database do not.</summary>
    private static (string? UserInfo, string Remainder) SplitUserInfo(string afterScheme)
    {
        var at = afterScheme.LastIndexOf('@');
        return at < 0 ? (null, afterScheme) : (afterScheme[..at], afterScheme[(at + 1)..]);
    }

    /// <summary>Removes from <paramref name="rest"/> everything from the first <paramref name="separator"/> on, and returns what follows it (null when absent).</summary>
    private static string? Cut(ref string rest, char separator)
    {
        var index = rest.IndexOf(separator, StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var tail = rest[(index + 1)..];
        rest = rest[..index];
        return tail;
    }

    private static (string Host, int Port) ParseHostPort(string url, string hostPort)
    {
        string host;
        string? port;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Malformed(url, "an IPv6 host must end with ']'");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            port = after.Length == 0 ? null : after.StartsWith(':') ? after[1..] : throw Malformed(url, "only ':port' may follow an IPv6 host");
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Malformed(url, "it names no host");
        }

        if (port is null)
        {
            return (host, DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? (host, number)
            : throw Malformed(url, $"the port must be a number from 1 to 65535, not '{port}'");
    }

    private static RecoveryStoreException Malformed(string url, string why) =>
        new($"recovery store URL '{Redact(url)}' is not usable: {why}");
}
