namespace Apug.Server.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddData(this IServiceCollection services)
    {
        DapperTypeHandlers.Register();
        services.AddOptions<DatabaseOptions>().BindConfiguration("Apug")
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.Database.ConnectionString ??= configuration.GetConnectionString("Apug"))
            .ValidateDataAnnotations()
            .Validate(options => options.Database.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(options.Database.ConnectionString),
                "Apug:Database:Provider is postgres: set ConnectionStrings:Apug (e.g. Host=db;Database=apug;Username=apug;Password=…).")
            .Validate(options => options.Database.LeaseSeconds is >= 2 and <= 3600, "Apug:Database:LeaseSeconds must be 2–3600.")
            .Validate(options => options.Database.PollSeconds is >= 0.1 and <= 600, "Apug:Database:PollSeconds must be 0.1–600.")
            .ValidateOnStart();
        services.AddOptions<InstanceOptions>().BindConfiguration("Apug");
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
