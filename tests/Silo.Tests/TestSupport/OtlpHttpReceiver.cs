using System.Collections.Concurrent;
using System.Net;
using Orleans.Dataflow.Silo.Tests.Service;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>A minimal OTLP/HTTP receiver on loopback: it takes every POST, keeps its path, content type and body, and answers 200 with an empty export response.</summary>
/// <remarks>An empty protobuf body is a valid <c>ExportTraceServiceResponse</c> (no partial success), so the exporter counts every export as done.</remarks>
internal sealed class OtlpHttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<OtlpRequest> _requests = new();
    private readonly Task _serving;

    /// <summary>Starts listening on a free loopback port.</summary>
    public OtlpHttpReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{RunningService.FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(Serve);
    }

    /// <summary>The receiver's base address, without a path.</summary>
    public Uri Endpoint { get; }

    /// <summary>The requests received so far.</summary>
    public IReadOnlyList<OtlpRequest> Requests => [.. _requests];

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue(new OtlpRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }
}

/// <summary>One request an <see cref="OtlpHttpReceiver"/> took.</summary>
internal sealed record OtlpRequest(string Method, string Path, string? ContentType, byte[] Body);
