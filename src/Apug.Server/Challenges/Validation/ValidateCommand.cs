using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Microsoft.Extensions.Logging.Console;

namespace Apug.Server.Challenges.Validation;

/// <summary>
/// `Apug.Server validate PATH...`: checks one package folder, or every package in a folder of packages, and exits
/// non-zero when anything failed. Settings come from appsettings.json, APUG-style environment variables and
/// `--Apug:Key=value` arguments, as for the server; no web server is started.
/// </summary>
public static class ValidateCommand
{
    public const string Usage = """
        Usage: Apug.Server validate PATH... [--Apug:Setting=value ...]
          PATH  a package folder (with problem.yaml or data/), or a folder of package folders
        Judges every example submission in the real Docker sandbox; exits 0 when every check passed, 1 otherwise.
        """;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var paths = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (paths.Count == 0 || args.Contains("--help"))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var packages = new List<string>();
        foreach (var path in paths.Select(Resolve))
        {
            if (!Directory.Exists(path))
            {
                await output.WriteLineAsync($"✘ {path}: no such folder");
                return 2;
            }
            packages.AddRange(IsPackage(path)
                ? [Path.GetFullPath(path)]
                : Directory.GetDirectories(path).Where(d => !Path.GetFileName(d).StartsWith('.')).Where(IsPackage).Order(StringComparer.Ordinal));
        }
        if (packages.Count == 0)
        {
            await output.WriteLineAsync($"✘ no package folders (with problem.yaml or data/) in {string.Join(", ", paths)}");
            return 1;
        }

        await using var provider = BuildServices(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray());
        var validator = provider.GetRequiredService<PackageValidator>();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var reports = new List<PackageReport>();
            foreach (var package in packages)
            {
                await output.WriteLineAsync($"{Path.GetFileName(package)} ({package})");
                // Lines are printed as they come: judging a whole folder takes a while.
                var report = await validator.ValidateAsync(package, interrupt.Token, line => output.WriteLine($"  {Symbol(line.State)} {line.Text}"));
                reports.Add(report);
                await output.WriteLineAsync(report.Passed
                    ? $"  => {report.Id}: passed"
                    : $"  => {report.Id}: FAILED ({report.FailedCount} check{(report.FailedCount == 1 ? "" : "s")} failed)");
                await output.WriteLineAsync();
            }
            var failed = reports.Where(r => !r.Passed).Select(r => r.Id).ToList();
            await output.WriteLineAsync(failed.Count == 0
                ? $"validate: {reports.Count} package{(reports.Count == 1 ? "" : "s")} checked, all passed"
                : $"validate: {reports.Count} package{(reports.Count == 1 ? "" : "s")} checked, {failed.Count} failed: {string.Join(", ", failed)}");
            return failed.Count == 0 ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static string Symbol(CheckState state) => state switch
    {
        CheckState.Passed => "✔",
        CheckState.Failed => "✘",
        CheckState.Warning => "⚠",
        CheckState.Info => "ℹ",
    };

    /// <summary>
    /// `dotnet run --project` starts the program in the project folder, so a relative path that is not found there is
    /// tried against the shell's folder ($PWD), where the organiser typed it.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || Directory.Exists(path)) return path;
        var shell = Environment.GetEnvironmentVariable("PWD");
        return shell is not null && Directory.Exists(Path.Combine(shell, path)) ? Path.Combine(shell, path) : path;
    }

    private static bool IsPackage(string directory) =>
        File.Exists(Path.Combine(directory, "problem.yaml")) || Directory.Exists(Path.Combine(directory, "data"));

    /// <summary>Just the services judging needs: sandbox, output checks and the runner. Logs go to stderr, warnings only.</summary>
    private static ServiceProvider BuildServices(string[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Its own owner label for the sandbox containers: a running server's leftover sweep must not take them.
                ["Apug:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"apug-validate-{Environment.ProcessId}.db"),
            })
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddData();
        services.AddOptions<ChallengesOptions>().BindConfiguration(ChallengesOptions.SectionName).ValidateDataAnnotations();
        services.AddSandbox();
        services.AddSingleton<OutputChecks>();
        services.AddSingleton<JudgeRunner>();
        services.AddSingleton<PackageValidator>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
