namespace Apug.Server.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddData(this IServiceCollection services)
    {
        DapperTypeHandlers.Register();
        services.AddOptions<DatabaseOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
