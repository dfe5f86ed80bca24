namespace Apug.Server.Submissions;

public static class SubmissionsServiceCollectionExtensions
{
    /// <summary>The submission store (the endpoints need the team scheme of AddTeams; queueing is Judging's).</summary>
    public static IServiceCollection AddSubmissions(this IServiceCollection services)
    {
        services.AddSingleton<SubmissionStore>();
        return services;
    }
}
