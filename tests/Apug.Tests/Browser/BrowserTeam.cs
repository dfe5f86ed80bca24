using System.Net.Http.Json;
using System.Text.Json;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Apug.Tests.Browser;

public static class BrowserTeam
{
    /// <summary>Registers a team through the API and puts it in the page's localStorage, as the page itself would.</summary>
    public static async Task<TeamRegisteredDto> SignInAsync(KestrelServer server, IPage page, string name)
    {
        using var client = server.Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/teams", new { name, members = new[] { "Ada", "Grace" } });
        response.EnsureSuccessStatusCode();
        var team = await response.Content.ReadFromJsonAsync<TeamRegisteredDto>() ?? throw new InvalidOperationException("no body");
        await UseTeamAsync(page, team);
        return team;
    }

    /// <summary>Puts an already registered team in the page's localStorage (a second device of the same team).</summary>
    public static async Task UseTeamAsync(IPage page, TeamRegisteredDto team)
    {
        var json = JsonSerializer.Serialize(JsonSerializer.Serialize(new { id = team.Id, name = team.Name, members = team.Members, token = team.Token }));
        await page.Context.AddInitScriptAsync($"if (!localStorage.getItem('apug.team')) localStorage.setItem('apug.team', {json});");
    }

    /// <summary>Every request the page (and its workers) makes to another address than the test server.</summary>
    public static List<string> RecordForeignRequests(IPage page, KestrelServer server)
    {
        var foreign = new List<string>();
        page.Context.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.Address + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:") && !request.Url.StartsWith("blob:"))
                lock (foreign) foreign.Add(request.Url);
        };
        return foreign;
    }
}
