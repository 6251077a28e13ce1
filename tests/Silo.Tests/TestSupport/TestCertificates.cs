using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Self-signed certificates for TLS tests, made the way a user would with openssl: RSA 2048, server and client authentication.</summary>
internal static class TestCertificates
{
    /// <summary>A new self-signed certificate with its private key, named <paramref name="subject"/>.</summary>
    public static X509Certificate2 Create(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [Oid.FromOidValue("1.3.6.1.5.5.7.3.1", OidGroup.EnhancedKeyUsage), Oid.FromOidValue("1.3.6.1.5.5.7.3.2", OidGroup.EnhancedKeyUsage)], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        // Exported and loaded again, as from a .pfx file: the key is then usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>Writes a new self-signed certificate named <paramref name="subject"/> with its key to <paramref name="path"/> as PKCS#12, protected by <paramref name="password"/>.</summary>
    public static void WritePfx(string path, string subject, string? password = null)
    {
        using var certificate = Create(subject);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }
}
