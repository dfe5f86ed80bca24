using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

public static class JudgingServiceCollectionExtensions
{
    public static IServiceCollection AddJudging(this IServiceCollection services)
    {
        services.AddOptions<JudgingOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeedbackOptions>().BindConfiguration("Apug:Feedback");
        // Apug:Workers is the one-engine shorthand's worker count (its pool's default size follows it); with
        // Apug:Sandbox:Engines the workers are theirs, and a different Apug:Workers fails at start.
        services.AddOptions<SandboxOptions>().PostConfigure<IOptions<JudgingOptions>>((sandbox, judging) => sandbox.ShorthandWorkers = judging.Value.Workers);
        services.AddLanguages();
        services.AddSingleton<JudgeQueue>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<JudgingProgress>();
        services.AddSingleton<OutputChecks>();
        services.AddSingleton<SourceJudge>();
        services.AddSingleton<SubmissionJudging>();
        services.AddHostedService<JudgeWorker>();
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
