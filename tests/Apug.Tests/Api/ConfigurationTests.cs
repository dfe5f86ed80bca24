using Apug.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Apug.Tests.Api;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Apug:Workers", "-1", "Workers")]
    [InlineData("Apug:MaxSourceKiB", "0", "MaxSourceKiB")]
    [InlineData("Apug:Sandbox:PidsLimit", "2", "PidsLimit")]
    [InlineData("Apug:Sandbox:PythonImage", "", "PythonImage")]
    [InlineData("Apug:Database:Provider", "postgres", "ConnectionStrings:Apug")] // postgres without its connection string
    [InlineData("Apug:Database:LeaseSeconds", "1", "LeaseSeconds")]
    public void ABadSettingStopsTheServerAtStartNamingTheSetting(string key, string value, string mentioned)
    {
        using var factory = new ApugFactory(settings: new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(mentioned, error.Message);
        factory.DeleteData();
    }

    [Fact]
    public async Task EnvironmentStyleKeysConfigureTheServer()
    {
        var challenges = Directory.CreateTempSubdirectory("apug-empty-").FullName;
        using var factory = new ApugFactory(settings: new Dictionary<string, string?> { ["Apug:ChallengesPath"] = challenges });
        var list = await factory.CreateClient().GetStringAsync("/api/challenges");
        Assert.Equal("[]", list);
        factory.DeleteData();
        Directory.Delete(challenges);
    }
}
