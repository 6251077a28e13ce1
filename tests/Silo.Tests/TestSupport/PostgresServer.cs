using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>A private PostgreSQL 15 server for the test run: its own cluster in a temp directory, on 127.0.0.1 and a free port, removed on dispose.</summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so when the tests run as root every server command runs as user
/// <c>postgres</c> (<c>runuser</c>), which owns the directory. Logins use a password (SCRAM), one that needs
/// percent-encoding in a URL. Each test asks <see cref="CreateDatabase"/> for a database of its own.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    /// <summary>Where Debian's postgresql-15 package puts the server binaries.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>The superuser the cluster is created with.</summary>
    public const string User = "dataflow";

    /// <summary>The superuser's password: characters a URL must percent-encode, to test that the store decodes them.</summary>
    public const string Password = "p@ss:w/rd?é%";

    private const string ServerUser = "postgres";
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root;
    private readonly string _data;
    private int _databases;

    /// <summary>Creates the cluster and starts the server; throws (failing every test that uses it) when PostgreSQL 15 is not installed.</summary>
    public PostgresServer()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinDirectory}/postgres is missing). Run the tests with the README's test command, `bash scripts/test.sh`, which installs postgresql-15.");
        }

        _root = Directory.CreateTempSubdirectory("silo-tests-postgres-").FullName;
        _data = Path.Combine(_root, "data");
        var sockets = Directory.CreateDirectory(Path.Combine(_root, "sockets")).FullName;
        var passwordFile = Path.Combine(_root, "password");
        File.WriteAllText(passwordFile, Password);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                Run("chown", "-R", ServerUser, _root);
            }

            RunAsServerUser("initdb", "-D", _data, "-U", User, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
            Start(sockets);
            WaitUntilAcceptingConnections();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Creates an empty database and returns its name.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>The <c>postgres://</c> URL of <paramref name="database"/> on this server, user and password percent-encoded.</summary>
    public string UrlOf(string database) =>
        $"postgres://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{database}";

    /// <summary>An Npgsql connection string to <paramref name="database"/> as the superuser, for tests that look at the tables themselves.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = Password,
        Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Stops the server (fast shutdown: open connections are closed) and deletes its directory.</summary>
    /// <remarks>
    /// On a loaded machine a fast shutdown can outlast <c>pg_ctl</c>'s wait (one CI run had every test pass and
    /// failed here): the server is then stopped in immediate mode, which skips the checkpoint a throw-away
    /// cluster does not need.
    /// </remarks>
    public void Dispose()
    {
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            try
            {
                RunAsServerUser("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", $"{(int)_startTimeout.TotalSeconds}", "stop");
            }
            catch (InvalidOperationException)
            {
                RunAsServerUser("pg_ctl", "-D", _data, "-m", "immediate", "-w", "-t", $"{(int)_startTimeout.TotalSeconds}", "stop");
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Starts the server on a free port; another process may take the port between the probe and the start, so a failed start is tried again on another.</summary>
    private void Start(string sockets)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                RunAsServerUser("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", $"{(int)_startTimeout.TotalSeconds}",
                    "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {sockets}", "start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely the port was taken meanwhile: the next attempt probes another.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until a login succeeds: <c>pg_ctl -w</c> has seen the server ready, this proves the address and password work too.</summary>
    private void WaitUntilAcceptingConnections()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                connection.Open();
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < _startTimeout)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Runs a server binary as user postgres when this process is root (PostgreSQL refuses root), else as this user.</summary>
    private void RunAsServerUser(string binary, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory, binary);
        if (Environment.IsPrivilegedProcess)
        {
            Run("runuser", ["-u", ServerUser, "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private void Run(string fileName, params string[] arguments)
    {
        // The server's user may not be allowed into the test's working directory.
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{output.Result}{error}"
                + (File.Exists(log) ? $"\nserver log:\n{File.ReadAllText(log)}" : ""));
        }
    }
}
