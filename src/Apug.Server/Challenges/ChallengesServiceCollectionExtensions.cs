namespace Apug.Server.Challenges;

public static class ChallengesServiceCollectionExtensions
{
    /// <summary>Binds <see cref="ChallengesOptions"/> from "Apug" (validated at start) and adds the catalog, which loads when first resolved.</summary>
    public static IServiceCollection AddChallenges(this IServiceCollection services)
    {
        services.AddOptions<ChallengesOptions>()
            .BindConfiguration(ChallengesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ChallengeCatalog>();
        return services;
    }
}
