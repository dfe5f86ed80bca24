namespace Apug.Server.Challenges;

public static class ChallengesServiceCollectionExtensions
{
    /// <summary>Binds <see cref="ChallengesOptions"/> from "Apug" (validated at start) and adds the catalog, which loads when first resolved, and its file watcher.</summary>
    public static IServiceCollection AddChallenges(this IServiceCollection services)
    {
        services.AddOptions<ChallengesOptions>()
            .BindConfiguration(ChallengesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ChallengeCatalog>();
        services.AddSingleton<ChallengeWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ChallengeWatcher>());
        services.AddSingleton<Generators.TestDataGenerator>();
        services.AddHostedService<Generators.GeneratedDataService>();
        services.AddHealthChecks().AddCheck<CatalogHealthCheck>(CatalogHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
