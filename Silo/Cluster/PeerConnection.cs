using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>The one TCP connection between this process and one other: frames go out through a pipe drained by a send loop and come in through a receive loop.</summary>
/// <remarks>
/// Any thread may <see cref="Send"/>; frames from one thread leave in the order it sent them, and the receiving
/// process handles them in that order on its receive loop. Sending never blocks on the network: what bounds the
/// bytes in flight is the exchange's credit (<see cref="TcpWorkerTransport"/>), not the pipe. The connection ends
/// once: when the peer closes it, the socket fails, or this side closes it; <c>onClosed</c> hears why.
/// </remarks>
internal sealed class PeerConnection : IDisposable
{
    /// <summary>The largest frame accepted: a bigger length means the stream is corrupt.</summary>
    public const int MaxFrameLength = 1 << 30;

    private readonly Socket _socket;
    private readonly Pipe _outgoing = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly object _writeGate = new();
    private long _lastHeardAt = Environment.TickCount64;
    private long _lastSentAt = Environment.TickCount64;
    private long _bytesSent;
    private long _bytesReceived;
    private int _handling;
    private int _closed;
    private int _reported;
    private Action<PeerConnection, FrameType, ReadOnlySequence<byte>>? _onFrame;
    private Action<PeerConnection, string?>? _onClosed;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;

    public PeerConnection(Socket socket, int peerId, DnsEndPoint peerAddress)
    {
        _socket = socket;
        PeerId = peerId;
        PeerAddress = peerAddress;
    }

    /// <summary>The other process's id.</summary>
    public int PeerId { get; }

    /// <summary>The other process's address as the cluster's address list gives it.</summary>
    public DnsEndPoint PeerAddress { get; }

    /// <summary>Bytes written to the socket so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes read from the socket so far.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Milliseconds since anything arrived, counting zero while a frame is being handled or bytes wait unread (a long store write or a busy machine here is not silence there).</summary>
    public long SilentForMilliseconds => Volatile.Read(ref _handling) != 0 || HasUnreadBytes ? 0 : Environment.TickCount64 - Interlocked.Read(ref _lastHeardAt);

    /// <summary>Milliseconds since anything was sent.</summary>
    public long QuietForMilliseconds => Environment.TickCount64 - Interlocked.Read(ref _lastSentAt);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    private bool HasUnreadBytes
    {
        get
        {
            try
            {
                return _socket.Available > 0;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>Starts the send and receive loops; every frame that arrives goes to <paramref name="onFrame"/>, and the end of the connection to <paramref name="onClosed"/> (null reason: closed by this side).</summary>
    public void Start(Action<PeerConnection, FrameType, ReadOnlySequence<byte>> onFrame, Action<PeerConnection, string?> onClosed)
    {
        _onFrame = onFrame;
        _onClosed = onClosed;
        _sendLoop = Task.Run(SendLoopAsync);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Queues one frame whose payload <paramref name="writePayload"/> writes; does nothing once the connection is closed.</summary>
    public void Send<TState>(FrameType type, TState state, Action<PayloadWriter, TState> writePayload)
    {
        var scratch = Scratch;
        scratch.ResetWrittenCount();
        writePayload(new PayloadWriter(scratch), state);
        SendRaw(type, scratch.WrittenSpan);
    }

    /// <summary>Queues one frame with no payload.</summary>
    public void Send(FrameType type) => SendRaw(type, []);

    /// <summary>Queues one frame with <paramref name="payload"/>.</summary>
    public void SendRaw(FrameType type, ReadOnlySpan<byte> payload)
    {
        lock (_writeGate)
        {
            if (IsClosed)
            {
                return;
            }

            var writer = _outgoing.Writer;
            FrameHeader.Write(writer.GetSpan(FrameHeader.Length), type, payload.Length);
            writer.Advance(FrameHeader.Length);
            writer.Write(payload);
            // Never pauses (no threshold), so this completes at once and wakes the send loop.
            _ = writer.FlushAsync();
            Interlocked.Exchange(ref _lastSentAt, Environment.TickCount64);
        }
    }

    /// <summary>Closes the connection: gracefully (what was queued is sent first), or at once with a reset, as a crash would.</summary>
    public void Close(bool abort = false)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        lock (_writeGate)
        {
            _outgoing.Writer.Complete();
        }

        if (abort)
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for both loops to end after <see cref="Close"/>, then drops the socket whatever the peer does.</summary>
    public void WaitClosed(TimeSpan timeout)
    {
        Task.WaitAny([Task.WhenAll(_sendLoop, _receiveLoop)], timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        _socket.Close();
    }

    public void Dispose() => Close();

    /// <summary>A buffer per thread to build payloads in before they are copied into the pipe under the lock.</summary>
    private static ArrayBufferWriter<byte> Scratch => _scratch ??= new ArrayBufferWriter<byte>(64 * 1024);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    private async Task SendLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    var sent = 0;
                    while (sent < segment.Length)
                    {
                        sent += await _socket.SendAsync(segment[sent..], SocketFlags.None).ConfigureAwait(false);
                    }

                    Interlocked.Add(ref _bytesSent, segment.Length);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await reader.CompleteAsync().ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            await reader.CompleteAsync(e).ConfigureAwait(false);
            Lost(e is SocketException socket ? $"sending failed ({socket.SocketErrorCode})" : "the connection was closed");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var input = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024));
        string? reason;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                Interlocked.Exchange(ref _lastHeardAt, Environment.TickCount64);
                Volatile.Write(ref _handling, 1);
                try
                {
                    while (TryReadFrame(ref buffer, out var type, out var payload))
                    {
                        _onFrame!(this, type, payload);
                    }
                }
                finally
                {
                    Volatile.Write(ref _handling, 0);
                }

                Interlocked.Add(ref _bytesReceived, result.Buffer.Slice(0, buffer.Start).Length);
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    reason = buffer.IsEmpty ? "its connection closed without a goodbye (the process exited, crashed or was killed)" : "its connection closed in the middle of a frame";
                    break;
                }
            }
        }
        catch (IOException e) when (e.InnerException is SocketException socket)
        {
            reason = $"the connection failed ({socket.SocketErrorCode})";
        }
        catch (SocketException e)
        {
            reason = $"the connection failed ({e.SocketErrorCode})";
        }
        catch (ObjectDisposedException)
        {
            reason = "the connection was closed";
        }
        catch (InvalidDataException e)
        {
            reason = $"it sent a malformed frame: {e.Message}";
        }
        catch (Exception e)
        {
            reason = $"handling its data failed: {e.GetType().Name}: {e.Message}";
        }

        await input.CompleteAsync().ConfigureAwait(false);
        Lost(reason);
    }

    /// <summary>Reports the end of the connection once; a connection this side closed reports no reason.</summary>
    private void Lost(string? reason)
    {
        var closedHere = Interlocked.Exchange(ref _closed, 1) != 0;
        lock (_writeGate)
        {
            _outgoing.Writer.Complete();
        }

        _socket.Close();
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            _onClosed!(this, closedHere ? null : reason);
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < FrameHeader.Length)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[FrameHeader.Length];
        buffer.Slice(0, FrameHeader.Length).CopyTo(header);
        (type, var length) = FrameHeader.Read(header, MaxFrameLength);
        if (buffer.Length < FrameHeader.Length + length)
        {
            return false;
        }

        payload = buffer.Slice(FrameHeader.Length, length);
        buffer = buffer.Slice(FrameHeader.Length + length);
        return true;
    }
}
