using Apug.Server.Data;
using Apug.Server.Sandbox;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apug.Tests.Infrastructure;

/// <summary>The sandbox services alone, against the real engine, without a web server.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly string directory = Directory.CreateTempSubdirectory("apug-sandbox-").FullName;

    public SandboxHost(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apug:DatabasePath"] = Path.Combine(directory, "apug.db"),
            ["Apug:Sandbox:ImagesPath"] = Path.Combine(TestPaths.RepoRoot, "sandbox-images"),
            [TestRun.Setting.Key] = TestRun.Setting.Value,
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddData();
        services.AddSandbox();
        provider = services.BuildServiceProvider();
    }

    public ISandbox Sandbox => provider.GetRequiredService<ISandbox>();

    public SandboxEngines Engines => provider.GetRequiredService<SandboxEngines>();

    /// <summary>The first (with the default settings: the only) engine's pool and client.</summary>
    public SandboxPool Pool => Engines.All[0].Pool;

    public DockerClient Docker => Engines.All[0].Docker;

    public string OwnerId => provider.GetRequiredService<SandboxOwner>().Id;

    /// <summary>Fails loudly, with the fix, when no engine runs: CI always has one.</summary>
    public async Task RequireEngineAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Docker.System.PingAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            Assert.Fail($"These tests need a Docker engine at unix:///var/run/docker.sock ({ex.Message}). " +
                        "Start one: `dockerd --bridge=none --iptables=false --ip6tables=false > /tmp/dockerd.log 2>&1 &` (as root).");
        }
    }

    /// <summary>Containers this host's sandbox owns right now (running or not).</summary>
    public async Task<IList<ContainerListResponse>> OwnContainersAsync() =>
        await Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerSandbox.OwnerLabel}={OwnerId}"] = true },
            },
        });

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
