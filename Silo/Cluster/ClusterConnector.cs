using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Orleans.Dataflow.Grains.Cluster;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>Opens the one connection between this process and each other process: it dials the processes below it, accepts those above it, and checks that every peer runs the same thing.</summary>
/// <remarks>
/// Processes may start in any order: a dial that is refused (or whose host name does not resolve yet, as with a
/// Kubernetes pod that is still starting) is retried until the startup timeout, and then the error names every
/// process still missing and why. Each side's first frame is a hello with its <see cref="ClusterIdentity"/>; a
/// peer that differs is refused with the differences in words, on both sides.
/// </remarks>
internal static class ClusterConnector
{
    private static readonly TimeSpan _retryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Connects to every other process; the result holds one connection per process id (null at this process's own).</summary>
    /// <exception cref="ClusterException">A process did not connect in time, or runs something else.</exception>
    public static PeerConnection?[] Connect(ClusterOptions options, ClusterIdentity identity)
    {
        var self = options.ProcessId;
        var addresses = options.Addresses;
        var connections = new PeerConnection?[addresses.Count];
        var problems = new string?[addresses.Count];
        using var timeout = new CancellationTokenSource(options.StartupTimeout);
        using var listener = options.Listener ?? Listen(addresses[self]);
        var dials = Enumerable.Range(0, self).Select(peer => GiveUpAllOnRefusal(DialAsync(options, identity, peer, connections, problems, timeout.Token), timeout)).ToList();
        var accepts = GiveUpAllOnRefusal(AcceptAsync(options, identity, connections, listener, timeout.Token), timeout);
        try
        {
            Task.WaitAll([.. dials, accepts]);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OperationCanceledException or ClusterException))
        {
            foreach (var connection in connections)
            {
                connection?.Close(abort: true);
            }

            if (e.InnerExceptions.OfType<ClusterException>().FirstOrDefault() is { } refused)
            {
                throw refused;
            }

            var missing = Enumerable.Range(0, addresses.Count)
                .Where(p => p != self && connections[p] is null)
                .Select(p => $"process {p} ({Describe(addresses[p])}): {problems[p] ?? "never connected"}");
            throw new ClusterException(
                $"process {self} ({Describe(addresses[self])}) waited {options.StartupTimeout.TotalSeconds:0.#} s for the other processes; still missing: {string.Join("; ", missing)}");
        }

        return connections;
    }

    /// <summary>Cancels the other dials and accepts at once when a peer is refused: waiting out the timeout would not help.</summary>
    private static async Task GiveUpAllOnRefusal(Task task, CancellationTokenSource timeout)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (ClusterException)
        {
            await timeout.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Renders an address as <c>host:port</c>.</summary>
    public static string Describe(DnsEndPoint address) => $"{address.Host}:{address.Port}";

    private static Socket Listen(DnsEndPoint address)
    {
        var bindTo = IPAddress.TryParse(address.Host, out var ip) ? ip
            : string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.IPv6Any;
        var listener = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (bindTo.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(bindTo, address.Port));
            listener.Listen(64);
            return listener;
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new ClusterException($"cannot listen on {Describe(address)} for the other processes: {e.SocketErrorCode} ({e.Message})", e);
        }
    }

    private static async Task DialAsync(ClusterOptions options, ClusterIdentity identity, int peer, PeerConnection?[] connections, string?[] problems, CancellationToken timeout)
    {
        var address = options.Addresses[peer];
        while (true)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, timeout).ConfigureAwait(false);
                await WriteHelloAsync(socket, identity, options.ProcessId, timeout).ConfigureAwait(false);
                var (type, payload) = await ReadFrameAsync(socket, timeout).ConfigureAwait(false);
                if (type == FrameType.Rejected)
                {
                    throw new ClusterException($"process {peer} ({Describe(address)}) refused process {options.ProcessId}: {ReadReason(payload)}");
                }

                var (peerId, peerIdentity) = ReadHello(type, payload);
                if (peerId != peer)
                {
                    throw new ClusterException($"the address of process {peer} ({Describe(address)}) is answered by process {peerId}: the processes' address lists differ");
                }

                if (identity.DifferenceFrom(peerIdentity) is { } difference)
                {
                    throw new ClusterException($"process {peer} ({Describe(address)}) runs something else than process {options.ProcessId}: {difference}");
                }

                connections[peer] = new PeerConnection(socket, peer, address);
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException && !timeout.IsCancellationRequested)
            {
                socket.Dispose();
                problems[peer] = e is SocketException s ? $"{s.SocketErrorCode} at {Describe(address)}" : e.Message;
                await Task.Delay(_retryDelay, timeout).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    private static async Task AcceptAsync(ClusterOptions options, ClusterIdentity identity, PeerConnection?[] connections, Socket listener, CancellationToken timeout)
    {
        var self = options.ProcessId;
        var expected = options.Addresses.Count - 1 - self;
        var accepted = 0;
        while (accepted < expected)
        {
            var socket = await listener.AcceptAsync(timeout).ConfigureAwait(false);
            socket.NoDelay = true;
            try
            {
                var (type, payload) = await ReadFrameAsync(socket, timeout).ConfigureAwait(false);
                var (peer, peerIdentity) = ReadHello(type, payload);
                var refusal = peer <= self || peer >= options.Addresses.Count ? $"process {self} expects connections from processes {self + 1} to {options.Addresses.Count - 1} only, not from process {peer}"
                    : connections[peer] is not null ? $"process {peer} is already connected"
                    : identity.DifferenceFrom(peerIdentity) is { } difference ? $"process {peer} runs something else than process {self}: {difference}"
                    : null;
                if (refusal is not null)
                {
                    await WriteFrameAsync(socket, FrameType.Rejected, w => w.String(refusal), timeout).ConfigureAwait(false);
                    socket.Dispose();
                    if (peer > self && peer < options.Addresses.Count && connections[peer] is null)
                    {
                        throw new ClusterException(refusal);
                    }

                    continue;
                }

                await WriteHelloAsync(socket, identity, self, timeout).ConfigureAwait(false);
                connections[peer] = new PeerConnection(socket, peer, options.Addresses[peer]);
                accepted++;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
            {
                // A stray or broken connection attempt: the real peer will dial again.
                socket.Dispose();
            }
        }
    }

    private static (int ProcessId, ClusterIdentity Identity) ReadHello(FrameType type, byte[] payload)
    {
        if (type != FrameType.Hello)
        {
            throw new InvalidDataException($"expected a hello, got a {type} frame");
        }

        var reader = new PayloadReader(new ReadOnlySequence<byte>(payload));
        return ClusterIdentity.Read(ref reader);
    }

    private static string ReadReason(byte[] payload)
    {
        var reader = new PayloadReader(new ReadOnlySequence<byte>(payload));
        return reader.String() ?? "no reason given";
    }

    private static Task WriteHelloAsync(Socket socket, ClusterIdentity identity, int processId, CancellationToken timeout)
        => WriteFrameAsync(socket, FrameType.Hello, w => identity.Write(w, processId), timeout);

    private static async Task WriteFrameAsync(Socket socket, FrameType type, Action<PayloadWriter> write, CancellationToken timeout)
    {
        var payload = new ArrayBufferWriter<byte>();
        write(new PayloadWriter(payload));
        var frame = new byte[FrameHeader.Length + payload.WrittenCount];
        FrameHeader.Write(frame, type, payload.WrittenCount);
        payload.WrittenSpan.CopyTo(frame.AsSpan(FrameHeader.Length));
        await socket.SendAsync(frame, SocketFlags.None, timeout).ConfigureAwait(false);
    }

    private static async Task<(FrameType Type, byte[] Payload)> ReadFrameAsync(Socket socket, CancellationToken timeout)
    {
        var header = new byte[FrameHeader.Length];
        await ReadExactlyAsync(socket, header, timeout).ConfigureAwait(false);
        FrameType type;
        int length;
        try
        {
            (type, length) = FrameHeader.Read(header, maxFrameLength: 64 * 1024);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the peer does not speak the Orleans.Dataflow cluster protocol ({e.Message} as its first frame)");
        }

        var payload = new byte[length];
        await ReadExactlyAsync(socket, payload, timeout).ConfigureAwait(false);
        return (type, payload);
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken timeout)
    {
        while (buffer.Length > 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the peer closed the connection during the handshake");
            }

            buffer = buffer[read..];
        }
    }
}
