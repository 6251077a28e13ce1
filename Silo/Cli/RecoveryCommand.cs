using System.CommandLine;
using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The <c>recovery</c> command: <c>recovery init DIR N</c> creates a recovery directory of N SQLite partitions (Bytewax's <c>python -m bytewax.recovery</c>).</summary>
internal sealed class RecoveryCommand
{
    private readonly CliContext _context;
    private readonly Argument<string> _directory = new("directory")
    {
        Description = "The recovery directory to create the partitions in; created if it does not exist.",
    };

    private readonly Argument<int> _partitions = new("partitions")
    {
        Description = "How many partitions to create, fixed for the directory's life. Any worker count runs on them; each partition takes writes in parallel with the others.",
    };

    /// <summary>Creates the command, writing to <paramref name="context"/>.</summary>
    public RecoveryCommand(CliContext context)
    {
        _context = context;
        var init = new Command("init", "Create the partitions of a recovery directory; `run -r DIR` then snapshots there and resumes from it.")
        {
            _directory, _partitions,
        };
        init.SetAction(Init);
        Command = new Command("recovery", "Manage recovery directories.") { init };
    }

    /// <summary>The System.CommandLine command to add to the root command.</summary>
    public Command Command { get; }

    private int Init(ParseResult parse)
    {
        var directory = parse.GetValue(_directory)!;
        var partitions = parse.GetValue(_partitions);
        if (partitions < 1)
        {
            ErrorReporter.ReportUsage(_context.Error, $"the partition count must be at least 1; got {partitions}");
            return ExitCodes.Usage;
        }

        try
        {
            SqliteRecoveryStore.Initialize(directory, partitions);
        }
        catch (Exception e) when (e is RecoveryStoreException or IOException or UnauthorizedAccessException)
        {
            ErrorReporter.Report(_context.Error, e, verbose: false);
            return ExitCodes.Failure;
        }

        _context.Error.WriteLine($"created {partitions} recovery partition(s) in '{directory}'");
        return ExitCodes.Success;
    }
}
