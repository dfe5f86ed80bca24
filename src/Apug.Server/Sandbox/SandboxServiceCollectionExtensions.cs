using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration("Apug:Sandbox").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var endpoint = provider.GetRequiredService<IOptions<SandboxOptions>>().Value.DockerEndpoint;
            // No API version pinned: the engine here speaks 1.41 and rejects newer ones.
            return (DockerClient)new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).Build();
        });
        services.AddSingleton<SandboxImages>();
        services.AddSingleton<SandboxOwner>();
        services.AddSingleton<LeftoverSweeper>();
        services.AddSingleton<SandboxPool>();
        services.AddSingleton<ISandbox, DockerSandbox>();
        return services;
    }
}
