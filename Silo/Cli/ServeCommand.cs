using System.CommandLine;
using System.Net;
using OpenTelemetry.Exporter;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Silo.Configuration;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Dataflow.Silo.Service;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The <c>serve</c> command: runs a long-lived silo that accepts flows from clients (<c>Orleans.Dataflow.Client submit</c>) until Ctrl+C or SIGTERM.</summary>
internal sealed class ServeCommand
{
    /// <summary>The environment variable that gives the HTTP API's token when <c>--token</c> does not.</summary>
    public const string TokenVariable = "DATAFLOW_TOKEN";

    private const string GrpcProtocol = "grpc";

    private const string HttpProtobufProtocol = "http/protobuf";

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
        Description = "The loopback port of the HTTP API (/flows, /openapi/v1.json) and of the metrics for Prometheus (/metrics).",
        DefaultValueFactory = _ => ServeOptions.DefaultHttpPort,
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"The token every HTTP request must carry as 'Authorization: Bearer TOKEN'; default: env {TokenVariable}, else none. The variable keeps it out of the process list.",
    };

    private readonly Option<string?> _join = new("--join")
    {
        Description = "HOST:SILOPORT of the first silo on this machine, to join it (share its --data directory). Not with --clustering.",
    };

    private readonly Option<string?> _clustering = new(SiloSetting.Clustering.Flag!)
    {
        Description = "A postgres://user:password@host:port/database URL that silos on several machines share: the membership (Orleans' ADO.NET clustering), the flow registry and records (ADO.NET grain storage) and, unless a submit names another, flows' recovery stores are kept there (tables created if missing); each silo keeps its own --data [env DATAFLOW_CLUSTERING; appsettings Silo:Clustering; default none: localhost clustering].",
        HelpName = "URL",
    };

    private readonly Option<string?> _address = new("--address")
    {
        Description = "The IP address the silo and gateway ports listen on and the silo advertises: with --clustering on several machines, this machine's address the others reach [default 127.0.0.1].",
        HelpName = "IP",
    };

    private readonly Option<bool> _orleansDashboard = new(SiloSetting.OrleansDashboard.Flag!)
    {
        Description = $"Serve Orleans' own dashboard (silos, grains, calls, logs) at {ServeOptions.OrleansDashboardPath} of the HTTP port, behind --token if set [env DATAFLOW_ORLEANS_DASHBOARD; appsettings Silo:OrleansDashboard; default off].",
    };

    private readonly Option<string?> _otlpEndpoint = new("--otlp-endpoint")
    {
        Description = "An OTLP endpoint (gRPC: e.g. http://127.0.0.1:4317; http/protobuf: e.g. http://127.0.0.1:4318) to export traces of the control path to (submit, deploy, start, recovery, epoch commits, restarts) [default none: no tracing].",
        HelpName = "URL",
    };

    private readonly Option<string> _otlpProtocol = new("--otlp-protocol")
    {
        Description = "How traces go to --otlp-endpoint: grpc, or http/protobuf (POSTed to /v1/traces when the endpoint has no path) [default grpc].",
        DefaultValueFactory = _ => GrpcProtocol,
        HelpName = "PROTOCOL",
    };

    /// <summary>Creates the command, writing to <paramref name="context"/>.</summary>
    public ServeCommand(CliContext context)
    {
        _context = context;
        Command = new Command("serve", "Run a silo that accepts flows from clients and keeps them running, until Ctrl+C or SIGTERM stops it.")
        {
            _data, _siloPort, _gatewayPort, _httpPort, _token, _join, _clustering, _address, _orleansDashboard, _otlpEndpoint, _otlpProtocol,
        };
        Command.SetAction(Execute);
    }

    /// <summary>The System.CommandLine command to add to the root command.</summary>
    public Command Command { get; }

    private int Execute(ParseResult parse)
    {
        var error = _context.Error;
        ServeOptions options;
        string? clusteringSource;
        try
        {
            var resolver = Settings();
            var clustering = resolver.ResolveClustering(new Dictionary<string, string?>(StringComparer.Ordinal) { [_clustering.Name] = parse.GetValue(_clustering) });
            clusteringSource = clustering?.Source;
            options = new ServeOptions
            {
                DataDirectory = parse.GetValue(_data)!,
                SiloPort = Port(parse.GetValue(_siloPort), _siloPort.Name),
                GatewayPort = Port(parse.GetValue(_gatewayPort), _gatewayPort.Name),
                HttpPort = Port(parse.GetValue(_httpPort), _httpPort.Name),
                Token = Token(parse.GetValue(_token) ?? Environment.GetEnvironmentVariable(TokenVariable)),
                Join = parse.GetValue(_join) is { } join ? Endpoint(join) : null,
                Clustering = clustering?.Url,
                Address = parse.GetValue(_address) is { } address ? Address(address) : IPAddress.Loopback,
                // An absent flag is no value, so the variable and appsettings.json can still turn it on.
                OrleansDashboard = resolver.ResolveOrleansDashboard(new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    [_orleansDashboard.Name] = parse.GetValue(_orleansDashboard) ? "true" : null,
                }),
                OtlpEndpoint = parse.GetValue(_otlpEndpoint) is { } otlp ? OtlpEndpoint(otlp) : null,
                OtlpProtocol = OtlpProtocol(parse.GetValue(_otlpProtocol)!),
            };
            CheckClustering(options, clustering?.Source);
        }
        catch (Exception e) when (e is ArgumentException or SettingsException)
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
            error.WriteLine($"serving on silo port {options.Address}:{options.SiloPort}, gateway {options.Address}:{options.GatewayPort}, HTTP and dashboard http://127.0.0.1:{options.HttpPort}/{(options.Token is null ? "" : " (token required)")}{(options.OrleansDashboard ? $", Orleans' dashboard at {ServeOptions.OrleansDashboardPath}/" : "")}, data '{Path.GetFullPath(options.DataDirectory)}'"
                + (options.Clustering is { } shared ? $", cluster in PostgreSQL {PostgresConnectionUrl.Parse(shared).Server}" : ""));
            stop.Token.WaitHandle.WaitOne();
            host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            error.WriteLine("silo stopped");
            return signals?.Received == System.Runtime.InteropServices.PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (ClusterException e) when (clusteringSource is not null)
        {
            // The database of the clustering setting refused or could not be reached: say which setting to fix.
            ErrorReporter.Report(error, e, verbose: false, $"the silo could not start: {clusteringSource}: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            ErrorReporter.Report(error, e, verbose: false, $"the silo could not start: {e.GetBaseException().Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The settings <c>serve</c> shares with <c>run</c> (the clustering database, Orleans' dashboard) as flags, <c>DATAFLOW_*</c> variables and appsettings.json give them; warns of unknown keys in the files.</summary>
    private SiloSettingsResolver Settings()
    {
        var files = SiloConfigurationSources.LoadFiles(_context.SettingsDirectories ?? SiloConfigurationSources.DefaultDirectories());
        foreach (var warning in SiloConfigurationSources.UnknownKeyWarnings(files))
        {
            _context.Error.WriteLine(warning);
        }

        return new SiloSettingsResolver(files, SiloConfigurationSources.LoadEnvironment(_context.EnvironmentVariables));
    }

    private void CheckClustering(ServeOptions options, string? clusteringSource)
    {
        if (clusteringSource is not null && options.Join is not null)
        {
            throw new ArgumentException($"{_join.Name} joins the first silo of this machine, but {clusteringSource} gives a shared database, where every silo finds the others itself; drop {_join.Name}");
        }

        if (clusteringSource is null && !IPAddress.IsLoopback(options.Address))
        {
            throw new ArgumentException($"{_address.Name} {options.Address} needs {_clustering.Name}: without a shared database the silos of one machine find each other on loopback only");
        }
    }

    private static IPAddress Address(string text)
        => IPAddress.TryParse(text, out var address) ? address
            : throw new ArgumentException($"--address must be an IP address of this machine, e.g. 10.0.0.5; got '{text}'");

    private static Uri OtlpEndpoint(string text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
            : throw new ArgumentException($"--otlp-endpoint must be an http:// or https:// URL, e.g. http://127.0.0.1:4317; got '{text}'");

    private static OtlpExportProtocol OtlpProtocol(string text) => text switch
    {
        GrpcProtocol => OtlpExportProtocol.Grpc,
        HttpProtobufProtocol => OtlpExportProtocol.HttpProtobuf,
        _ => throw new ArgumentException($"--otlp-protocol must be {GrpcProtocol} or {HttpProtobufProtocol}; got '{text}'"),
    };

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
