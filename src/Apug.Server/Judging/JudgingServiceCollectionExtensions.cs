using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

public static class JudgingServiceCollectionExtensions
{
    public static IServiceCollection AddJudging(this IServiceCollection services)
    {
        services.AddOptions<JudgingOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeedbackOptions>().BindConfiguration("Apug:Feedback");
        // Each worker holds one warm sandbox at a time: the pool's default size follows the worker count.
        services.AddOptions<SandboxOptions>().PostConfigure<IOptions<JudgingOptions>>((sandbox, judging) =>
        {
            if (sandbox.PoolSize == 0) sandbox.PoolSize = judging.Value.EffectiveWorkers;
        });
        services.AddLanguages();
        services.AddSingleton<JudgeQueue>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<JudgingProgress>();
        services.AddSingleton<OutputChecks>();
        services.AddSingleton<JudgeRunner>();
        services.AddSingleton<SubmissionJudge>();
        services.AddSingleton<JudgeWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<JudgeWorker>());
        services.AddHostedService<MemoryBudget>();
        services.AddSingleton<EngineRetry>();
        services.AddHostedService(provider => provider.GetRequiredService<EngineRetry>());
        return services;
    }

    /// <summary>The languages and their time multipliers (shared by the server and the validate command).</summary>
    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddOptions<LanguagesOptions>().BindConfiguration(LanguagesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Languages>();
        return services;
    }
}
