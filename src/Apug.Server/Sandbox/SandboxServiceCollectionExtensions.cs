using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration("Apug:Sandbox").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.AddSingleton<SandboxOwner>();
        services.AddSingleton<SandboxEngines>();
        services.AddSingleton<ISandbox, RoutedSandbox>();
        return services;
    }
}
