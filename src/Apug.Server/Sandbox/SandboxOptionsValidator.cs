using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>Checks Apug:Sandbox:Engines at start, so a typo in an endpoint or a certificate path fails with a message, not mid-contest.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>();
        // The one-engine shorthand (DockerEndpoint) is checked as the engine it stands for: a tcp:// endpoint needs the
        // same certificates, given in an Engines list.
        var engines = options.EffectiveEngines;
        for (var i = 0; i < engines.Count; i++)
        {
            var engine = engines[i];
            var at = options.Engines.Count > 0 ? $"Apug:Sandbox:Engines:{i}" : "Apug:Sandbox:DockerEndpoint";
            if (!Uri.TryCreate(engine.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp"))
            {
                errors.Add($"{at}:Endpoint '{engine.Endpoint}' is not unix:///path/to/docker.sock or tcp://host:port.");
                continue;
            }
            if (!seen.Add(engine.Display)) errors.Add($"{at}:Endpoint {engine.Display} is listed twice.");
            if (engine.Workers is < 1 or > 64) errors.Add($"{at}:Workers is {engine.Workers}; give 1 to 64.");
            var tls = new[] { engine.CaCertificate, engine.ClientCertificate, engine.ClientKey };
            if (uri.Scheme == "unix")
            {
                if (tls.Any(t => !string.IsNullOrEmpty(t)))
                    errors.Add($"{at}: CaCertificate, ClientCertificate and ClientKey are for tcp:// engines; a unix socket is protected by its file permissions.");
                continue;
            }
            // A Docker API on TCP without client certificates gives anyone who reaches the port root on that machine.
            if (tls.Any(string.IsNullOrEmpty))
            {
                errors.Add($"{at}: a tcp:// engine needs CaCertificate, ClientCertificate and ClientKey (PEM files, as for `docker --tlsverify`).");
                continue;
            }
            foreach (var (key, path) in new[] { ("CaCertificate", engine.CaCertificate!), ("ClientCertificate", engine.ClientCertificate!), ("ClientKey", engine.ClientKey!) })
                if (!File.Exists(path)) errors.Add($"{at}:{key}: no file at {Path.GetFullPath(path)}.");
            if (errors.Count > 0) continue;
            try
            {
                using var client = X509Certificate2.CreateFromPemFile(engine.ClientCertificate!, engine.ClientKey!);
                using var ca = X509CertificateLoader.LoadCertificateFromFile(engine.CaCertificate!);
            }
            catch (CryptographicException ex)
            {
                errors.Add($"{at}: cannot load the certificates ({ex.Message}); give PEM files: the CA certificate, the client certificate and its unencrypted key.");
            }
        }
        if (options.Engines.Count > 0 && options.ShorthandWorkers != 0 && options.ShorthandWorkers != options.TotalWorkers)
            errors.Add($"Apug:Workers is {options.ShorthandWorkers} but Apug:Sandbox:Engines have {options.TotalWorkers} workers in total: " +
                       "with Engines, the workers are the sum of Engines[].Workers; leave Apug:Workers unset (or equal to that sum).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
