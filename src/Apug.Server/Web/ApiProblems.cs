using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Web;

/// <summary>RFC 7807 problem details with a message a participant can act on.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);
}
