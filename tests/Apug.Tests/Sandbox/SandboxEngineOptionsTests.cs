using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Apug.Tests.Sandbox;

/// <summary>Apug:Sandbox:Engines is checked at start, with messages that say what to write instead.</summary>
public sealed class SandboxEngineOptionsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("apug-engine-options-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IReadOnlyList<string> Errors(SandboxOptions options) =>
        new SandboxOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static SandboxOptions With(params SandboxEngineOptions[] engines) => new() { Engines = [.. engines] };

    [Fact]
    public void NoEnginesIsTheOneEngineShorthandWithApugWorkers()
    {
        var options = new SandboxOptions { DockerEndpoint = "unix:///run/other.sock", ShorthandWorkers = 3 };
        Assert.Empty(Errors(options));
        var engine = Assert.Single(options.EffectiveEngines);
        Assert.Equal(("unix:///run/other.sock", 3), (engine.Endpoint, engine.Workers));
        Assert.Equal(3, options.TotalWorkers);
        // Apug:Workers unset: one per core, as before.
        Assert.Equal(Environment.ProcessorCount, new SandboxOptions().TotalWorkers);
    }

    [Fact]
    public void TheWorkersAreTheSumOfTheEngines()
    {
        var options = With(new SandboxEngineOptions { Endpoint = "unix:///a.sock", Workers = 2 }, new() { Endpoint = "unix:///b.sock", Workers = 3 });
        Assert.Empty(Errors(options));
        Assert.Equal(5, options.TotalWorkers);
        options.ShorthandWorkers = 5;
        Assert.Empty(Errors(options));
        options.ShorthandWorkers = 4;
        Assert.Contains(Errors(options), e => e.Contains("Apug:Workers is 4 but Apug:Sandbox:Engines have 5 workers in total"));
    }

    [Fact]
    public void ABadEndpointATwiceListedOneAndBadWorkersAreRefused()
    {
        var errors = Errors(With(
            new() { Endpoint = "http://host:2375", Workers = 1 },
            new() { Endpoint = "unix:///a.sock", Workers = 0 },
            new() { Endpoint = "unix:///a.sock", Workers = 1 }));
        Assert.Contains(errors, e => e.StartsWith("Apug:Sandbox:Engines:0:Endpoint 'http://host:2375' is not unix://", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Engines:1:Workers is 0"));
        Assert.Contains(errors, e => e.Contains("Engines:2:Endpoint unix:///a.sock is listed twice"));
    }

    [Fact]
    public void ATcpEngineNeedsItsThreeCertificatesAndAUnixOneNone()
    {
        Assert.Contains(Errors(With(new SandboxEngineOptions { Endpoint = "tcp://10.0.0.2:2376" })), e => e.Contains("needs CaCertificate, ClientCertificate and ClientKey"));
        Assert.Contains(Errors(With(new SandboxEngineOptions { Endpoint = "unix:///a.sock", CaCertificate = "ca.pem" })), e => e.Contains("are for tcp:// engines"));
        // The one-engine shorthand is the same engine: a bare tcp:// DockerEndpoint is refused at start with the fix, not
        // a crash when the first program needs the engine.
        Assert.Contains(Errors(new SandboxOptions { DockerEndpoint = "tcp://10.0.0.2:2375" }),
            e => e.StartsWith("Apug:Sandbox:DockerEndpoint: a tcp:// engine needs CaCertificate", StringComparison.Ordinal));
        var missing = Errors(With(new SandboxEngineOptions
        {
            Endpoint = "tcp://10.0.0.2:2376", CaCertificate = Path.Combine(folder, "ca.pem"),
            ClientCertificate = Path.Combine(folder, "cert.pem"), ClientKey = Path.Combine(folder, "key.pem"),
        }));
        Assert.Contains(missing, e => e.Contains($"CaCertificate: no file at {Path.Combine(folder, "ca.pem")}"));
        Assert.Equal(3, missing.Count);

        foreach (var name in new[] { "ca.pem", "cert.pem", "key.pem" }) File.WriteAllText(Path.Combine(folder, name), "not a certificate");
        var unreadable = Errors(With(new SandboxEngineOptions
        {
            Endpoint = "tcp://10.0.0.2:2376", CaCertificate = Path.Combine(folder, "ca.pem"),
            ClientCertificate = Path.Combine(folder, "cert.pem"), ClientKey = Path.Combine(folder, "key.pem"),
        }));
        Assert.Contains(unreadable, e => e.Contains("cannot load the certificates"));
    }

    [Fact]
    public void TheEndpointIsShownWithoutUserInfoOrQuery()
    {
        Assert.Equal("tcp://docker.example:2376", new SandboxEngineOptions { Endpoint = "tcp://user:secret@docker.example:2376/?token=x" }.Display);
        Assert.Equal("unix:///var/run/docker.sock", new SandboxEngineOptions { Endpoint = "unix:///var/run/docker.sock" }.Display);
    }

    [Fact]
    public void AServerWithABadEngineListDoesNotStartAndSaysWhy()
    {
        using var factory = new ApugFactory(settings: new Dictionary<string, string?>
        {
            ["Apug:Sandbox:Engines:0:Endpoint"] = "tcp://10.0.0.2:2376",
            ["Apug:Sandbox:Engines:0:Workers"] = "1",
        });
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("a tcp:// engine needs CaCertificate, ClientCertificate and ClientKey", error.Message);
        factory.DeleteData();
    }
}
