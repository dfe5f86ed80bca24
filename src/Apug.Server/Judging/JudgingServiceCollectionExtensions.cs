namespace Apug.Server.Judging;

public static class JudgingServiceCollectionExtensions
{
    public static IServiceCollection AddJudging(this IServiceCollection services)
    {
        services.AddOptions<JudgingOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JudgeQueue>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<JudgingProgress>();
        services.AddSingleton<OutputChecks>();
        services.AddSingleton<JudgeRunner>();
        services.AddSingleton<SubmissionJudge>();
        services.AddSingleton<JudgeWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<JudgeWorker>());
        services.AddSingleton<EngineRetry>();
        services.AddHostedService(provider => provider.GetRequiredService<EngineRetry>());
        return services;
    }
}
