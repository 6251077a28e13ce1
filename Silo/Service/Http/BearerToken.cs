using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>The HTTP API's one credential: when a token is configured, a request without <c>Authorization: Bearer {token}</c> is answered 401 before any endpoint runs, so it changes nothing.</summary>
public static class BearerToken
{
    /// <summary>Refuses, on <paramref name="app"/>, every request that does not carry <paramref name="token"/>; adds nothing when the token is null.</summary>
    /// <remarks>
    /// Add it before the endpoints. An endpoint marked <c>AllowAnonymous()</c> (the dashboard's page and its files, which hold
    /// no data) is served without the token. The comparison takes the same time whatever the request carries, so timing
    /// tells nothing of the token.
    /// </remarks>
    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, string? token)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (token is null)
        {
            return app;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        // Hashes have one length, so comparing them in fixed time does not reveal the token's length either.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                await next(context);
                return;
            }

            var header = context.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (!CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(given))))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem("the request carries no valid token: send 'Authorization: Bearer <token>', the token the silo was started with",
                    statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
