using System.Globalization;
using System.Text;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>The lock an execution holds on a SQLite recovery directory: a file locked exclusively (flock), which the OS releases when the holding process dies, and a file beside it naming the holder.</summary>
/// <remarks>
/// Two runs resuming from one directory at once would each take the other's commits for their own; the second is
/// refused instead. The lock is taken by whoever begins executions (the process of the execution's frontier), so the
/// other processes of a cluster run still write their partitions' snapshots, fenced by execution number.
/// </remarks>
internal sealed class StoreHolderLock : IDisposable
{
    /// <summary>The lock file's name in the recovery directory.</summary>
    public const string FileName = "holder.lock";

    /// <summary>The file naming the holder: another file, since .NET reads a file under a shared lock, which the holder's exclusive one refuses.</summary>
    public const string HolderFileName = "holder.txt";

    private readonly FileStream _file;

    private StoreHolderLock(FileStream file)
    {
        _file = file;
    }

    /// <summary>Takes the lock of <paramref name="directory"/> for an execution of <paramref name="flowId"/>.</summary>
    /// <exception cref="RecoveryStoreException">Another process (or another store in this one) holds it; the message names the holder and since when.</exception>
    public static StoreHolderLock Acquire(string directory, string flowId)
    {
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            // FileShare.None takes an exclusive flock on Unix: held until this stream is closed or the process dies.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new RecoveryStoreException(
                $"recovery directory '{directory}' is in use by another execution of flow '{flowId}' ({Holder(Path.Combine(directory, HolderFileName))}): a store serves one execution at a time; stop that run, or give this one another -r directory", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecoveryStoreException($"recovery directory '{directory}' cannot be locked for this run ({e.Message}): give the run write access to the directory; its data was not changed", e);
        }

        var holderFile = Path.Combine(directory, HolderFileName);
        try
        {
            File.WriteAllText(holderFile,
                string.Create(CultureInfo.InvariantCulture, $"host {Environment.MachineName}, process {Environment.ProcessId}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC"), Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock holds without it; a refused run then says the holder is not recorded rather than name an old one.
            try
            {
                File.Delete(holderFile);
            }
            catch (Exception stale) when (stale is IOException or UnauthorizedAccessException)
            {
                // An old holder's name may stay: it can only mislead a refused run's message, never the lock.
            }
        }

        return new StoreHolderLock(file);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>What the holder file says of the lock's holder.</summary>
    private static string Holder(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8).Trim() : "";
            return text.Length > 0 ? $"held by {text}" : "its holder is not recorded yet";
        }
        catch (IOException e)
        {
            return $"its holder cannot be read: {e.Message}";
        }
    }
}
