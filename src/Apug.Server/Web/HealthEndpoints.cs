using Apug.Server.Challenges;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Dapper;
using Docker.DotNet;

namespace Apug.Server.Web;

public static class HealthEndpoints
{
    public sealed record Health(string Status, string Database, string Docker, int Challenges, int BrokenChallenges, int Queued,
        IReadOnlyList<SandboxPoolStatus> Sandboxes);

    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", async (Database database, DockerClient docker, ChallengeCatalog catalog, JudgeQueue queue, ISandbox sandbox) =>
        {
            var databaseState = "ok";
            try
            {
                await using var connection = await database.OpenAsync();
                await connection.ExecuteScalarAsync<int>("SELECT 1");
            }
            catch (Exception ex)
            {
                databaseState = $"failing: {ex.Message}";
            }
            var dockerState = "ok";
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await docker.System.PingAsync(timeout.Token);
            }
            catch (Exception ex)
            {
                dockerState = $"unreachable: {ex.Message}";
            }
            var healthy = databaseState == "ok" && dockerState == "ok";
            return TypedResults.Ok(new Health(healthy ? "ok" : "degraded", databaseState, dockerState,
                catalog.All.Count, catalog.Problems.Count, queue.Count, sandbox.PoolStatus));
        }).WithTags("Health");
}
