using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A logger provider that keeps every entry in memory, for tests that check which events a silo logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    /// <summary>The entries so far, in the order they were logged.</summary>
    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>The entries whose message mentions <paramref name="text"/> (a flow's id: every dataflow event names its flow or execution).</summary>
    public IReadOnlyList<CapturedLog> Mentioning(string text) => [.. _entries.Where(entry => entry.Message.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception)));
    }
}

/// <summary>One log entry as a <see cref="CapturedLogs"/> kept it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message);
