using System.CommandLine;
using System.Net;
using Orleans.Dataflow.Silo.Service;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The <c>serve</c> command: runs a long-lived silo that accepts flows from clients (<c>Orleans.Dataflow.Client submit</c>) until Ctrl+C or SIGTERM.</summary>
internal sealed class ServeCommand
{
    /// <summary>The environment variable that gives the HTTP API's token when <c>--token</c> does not.</summary>
    public const string TokenVariable = "DATAFLOW_TOKEN";

    private readonly CliContext _context;
    private readonly Option<string> _data = new("--data")
    {
        Description = "The data directory: the flow registry, submitted code and recovery stores. Created if missing.",
        DefaultValueFactory = _ => "data",
    };

    private readonly Option<int> _siloPort = new("--silo-port")
    {
        Description = "The loopback port other silos reach this one on.",
        DefaultValueFactory = _ => ServeOptions.DefaultSiloPort,
    };

    private readonly Option<int> _gatewayPort = new("--gateway-port")
    {
        Description = "The loopback port clients connect to.",
        DefaultValueFactory = _ => ServeOptions.DefaultGatewayPort,
    };

    private readonly Option<int> _httpPort = new("--http-port")
    {
        Description = "The loopback port of the HTTP API (/flows, /openapi/v1.json).",
        DefaultValueFactory = _ => ServeOptions.DefaultHttpPort,
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"The token every HTTP request must carry as 'Authorization: Bearer TOKEN'; default: env {TokenVariable}, else none. The variable keeps it out of the process list.",
    };

    private readonly Option<string?> _join = new("--join")
    {
        Description = "HOST:SILOPORT of the first silo on this machine, to join it (share its --data directory).",
    };

    /// <summary>Creates the command, writing to <paramref name="context"/>.</summary>
    public ServeCommand(CliContext context)
    {
        _context = context;
        Command = new Command("serve", "Run a silo that accepts flows from clients and keeps them running, until Ctrl+C or SIGTERM stops it.")
        {
            _data, _siloPort, _gatewayPort, _httpPort, _token, _join,
        };
        Command.SetAction(Execute);
    }

    /// <summary>The System.CommandLine command to add to the root command.</summary>
    public Command Command { get; }

    private int Execute(ParseResult parse)
    {
        var error = _context.Error;
        ServeOptions options;
        try
        {
            options = new ServeOptions
            {
                DataDirectory = parse.GetValue(_data)!,
                SiloPort = Port(parse.GetValue(_siloPort), _siloPort.Name),
                GatewayPort = Port(parse.GetValue(_gatewayPort), _gatewayPort.Name),
                HttpPort = Port(parse.GetValue(_httpPort), _httpPort.Name),
                Token = Token(parse.GetValue(_token) ?? Environment.GetEnvironmentVariable(TokenVariable)),
                Join = parse.GetValue(_join) is { } join ? Endpoint(join) : null,
            };
        }
        catch (ArgumentException e)
        {
            ErrorReporter.ReportUsage(error, e.Message);
            return ExitCodes.Usage;
        }

        using var signals = _context.HandleSignals ? new StopSignals(error, "stopping the silo") : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_context.Stop, signals?.Token ?? CancellationToken.None);
        try
        {
            using var host = ServiceSilo.Build(options);
            host.StartAsync(stop.Token).GetAwaiter().GetResult();
            error.WriteLine($"serving on silo port 127.0.0.1:{options.SiloPort}, gateway 127.0.0.1:{options.GatewayPort}, HTTP http://127.0.0.1:{options.HttpPort}{(options.Token is null ? "" : " (token required)")}, data '{Path.GetFullPath(options.DataDirectory)}'");
            stop.Token.WaitHandle.WaitOne();
            host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            error.WriteLine("silo stopped");
            return signals?.Received == System.Runtime.InteropServices.PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            ErrorReporter.Report(error, e, verbose: false, $"the silo could not start: {e.GetBaseException().Message}");
            return ExitCodes.Failure;
        }
    }

    private static int Port(int port, string flag)
        => port is > 0 and <= 65535 ? port : throw new ArgumentException($"{flag} must be a port between 1 and 65535; got {port}");

    private static string? Token(string? token) => token switch
    {
        null or "" => null,
        _ when token.Any(char.IsWhiteSpace) => throw new ArgumentException($"--token (or {TokenVariable}) must not contain spaces"),
        _ => token,
    };

    private static IPEndPoint Endpoint(string text)
    {
        if (IPEndPoint.TryParse(text.Replace("localhost", "127.0.0.1", StringComparison.OrdinalIgnoreCase), out var endpoint) && endpoint.Port > 0)
        {
            return endpoint;
        }

        throw new ArgumentException($"--join must be HOST:SILOPORT of the first silo, e.g. 127.0.0.1:{ServeOptions.DefaultSiloPort}; got '{text}'");
    }
}
