using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>The log of a silo's runtime events on stderr: the dataflow's events (an execution started, a silo lost, a flow resumed) and Orleans' errors, one timestamped line each.</summary>
internal static class RuntimeEventLogging
{
    /// <summary>Logs to stderr, never stdout (that is the flows' <c>StdOutSink</c>); Orleans only at error level, as it warns at every missed probe of a silo that is going.</summary>
    public static void AddRuntimeEventLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddFilter(level => level >= LogLevel.Error)
            .AddFilter("Orleans.Dataflow", LogLevel.Information);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
