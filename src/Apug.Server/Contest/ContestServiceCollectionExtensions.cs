namespace Apug.Server.Contest;

public static class ContestServiceCollectionExtensions
{
    /// <summary>The contest clock (from contest.yaml, or an open practice), the leaderboard and the ticker that moves the phase.</summary>
    public static IServiceCollection AddContest(this IServiceCollection services)
    {
        services.AddOptions<ContestOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ContestStore>();
        services.AddSingleton<ContestClock>();
        services.AddSingleton<Leaderboard>();
        // Started with the host: the board subscribes to verdicts from the start, and a bad contest.yaml stops the start.
        services.AddHostedService(provider => provider.GetRequiredService<Leaderboard>());
        services.AddHostedService<ContestTicker>();
        return services;
    }
}
