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
        Usage: Apug.Server validate PATH... [--language python3|pypy3] [--Apug:Setting=value ...]
               Apug.Server validate --report FOLDER [--language python3|pypy3] [--Apug:Setting=value ...]
          PATH      a package folder (with problem.yaml or data/), or a folder of package folders
          --report  every package found under FOLDER (any depth), then one Markdown table row per package:
                    loaded or why not, tests, and each example submission's expected and actual verdict
          --language  the interpreter the example submissions run under (default python3, CPython)
        Judges every example submission in the real Docker sandbox; exits 0 when every check passed, 1 otherwise,
        2 for a usage error or when the judge cannot run (no Docker engine, no sandbox image).
        """;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(args, output, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync("validate: interrupted");
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never a stack trace on the command line: say what failed, in one paragraph.
            await output.WriteLineAsync($"validate: stopped: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, error) = ParseArguments(args);
        if (error is not null || options.Paths.Count == 0 || args.Contains("--help"))
        {
            if (error is not null) await output.WriteLineAsync($"validate: {error}");
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var packages = new List<string>();
        foreach (var path in options.Paths.Select(Resolve))
        {
            if (!Directory.Exists(path))
            {
                await output.WriteLineAsync($"✘ {path}: no such folder");
                return 2;
            }
            packages.AddRange(options.Report ? FindPackages(path, depth: 4)
                : IsPackage(path) ? [Path.GetFullPath(path)]
                : Directory.GetDirectories(path).Where(d => !Path.GetFileName(d).StartsWith('.')).Where(IsPackage).Order(StringComparer.Ordinal));
        }
        if (packages.Count == 0)
        {
            await output.WriteLineAsync($"✘ no package folders (with problem.yaml or data/) in {string.Join(", ", options.Paths)}");
            return 1;
        }

        await using var provider = BuildServices(options.Settings);
        try
        {
            // Settings are checked before anything runs, as the server checks them at start.
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChallengesOptions>>().Value;
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxOptions>>().Value;
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LanguagesOptions>>().Value;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await output.WriteLineAsync($"validate: a setting is wrong: {string.Join("; ", ex.Failures)}");
            return 2;
        }
        var languages = provider.GetRequiredService<Languages>();
        var language = options.Language is null ? languages.Default : languages.Find(options.Language);
        if (language is null)
        {
            await output.WriteLineAsync($"validate: --language {options.Language} is not a language of this judge; choose one of " +
                                        string.Join(", ", languages.All.Select(l => $"{l.Id} ({l.Name} {l.Version})")));
            return 2;
        }
        if (await EnsureImagesAsync(provider, output, cancellationToken) is { } failed) return failed;

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
                PackageReport report;
                try
                {
                    report = await validator.ValidateAsync(package, interrupt.Token, line => output.WriteLine($"  {Symbol(line.State)} {line.Text}"), language);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One package the checks trip over must not stop the others (nor print a stack trace).
                    var line = new CheckLine(CheckState.Failed, $"validate failed on this package: {ex.Message}");
                    await output.WriteLineAsync($"  {Symbol(line.State)} {line.Text}");
                    report = new PackageReport(Path.GetFileName(package), package, [line], null);
                }
                reports.Add(report);
                await output.WriteLineAsync(report.Passed
                    ? $"  => {report.Id}: passed"
                    : $"  => {report.Id}: FAILED ({report.FailedCount} check{(report.FailedCount == 1 ? "" : "s")} failed)");
                await output.WriteLineAsync();
            }
            if (options.Report)
            {
                await output.WriteLineAsync(CompatibilityReport.Table(reports, options.Paths.Select(Resolve).Select(Path.GetFullPath).ToList()));
                var summary = CompatibilityReport.Summary(reports);
                await output.WriteLineAsync(summary.Text);
                return summary.AllHold ? 0 : 1;
            }
            var failedIds = reports.Where(r => !r.Passed).Select(r => r.Id).ToList();
            await output.WriteLineAsync(failedIds.Count == 0
                ? $"validate: {reports.Count} package{(reports.Count == 1 ? "" : "s")} checked, all passed"
                : $"validate: {reports.Count} package{(reports.Count == 1 ? "" : "s")} checked, {failedIds.Count} failed: {string.Join(", ", failedIds)}");
            return failedIds.Count == 0 ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private sealed record Arguments(IReadOnlyList<string> Paths, string[] Settings, string? Language, bool Report);

    private static (Arguments Options, string? Error) ParseArguments(string[] args)
    {
        var paths = new List<string>();
        var settings = new List<string>();
        string? language = null;
        bool report = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--language" or "--report" && i + 1 >= args.Length)
                return (new([], [], null, false), $"{arg} needs a value");
            if (arg == "--language") language = args[++i];
            else if (arg.StartsWith("--language=", StringComparison.Ordinal)) language = arg["--language=".Length..];
            else if (arg == "--report") { report = true; paths.Add(args[++i]); }
            else if (arg == "--help") { }
            else if (arg.StartsWith("--", StringComparison.Ordinal)) settings.Add(arg);
            else paths.Add(arg);
        }
        return (new(paths, settings.ToArray(), language, report), null);
    }

    /// <summary>
    /// Builds a missing sandbox image as the server does; when it cannot (no engine, no build script, not root), says
    /// what to run and returns exit code 2 instead of failing every submission one by one.
    /// </summary>
    private static async Task<int?> EnsureImagesAsync(ServiceProvider provider, TextWriter output, CancellationToken cancellationToken)
    {
        var engines = provider.GetRequiredService<SandboxEngines>();
        var settings = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxOptions>>().Value;
        // One engine with both images is enough: the others are skipped by placement while away or without them.
        SandboxException? failure = null;
        foreach (var engine in engines.All)
        {
            try
            {
                foreach (var image in new[] { settings.PythonImage, settings.ValidatorImage })
                    await engine.Images.EnsureAsync(image, cancellationToken);
                return null;
            }
            catch (SandboxException ex)
            {
                failure = ex;
            }
        }
        await output.WriteLineAsync(
            $"validate: the judge cannot run: {failure?.Message} The sandbox build scripts are looked for in {Path.GetFullPath(settings.ImagesPath)} " +
            "(set --Apug:Sandbox:ImagesPath=FOLDER to the repository's sandbox-images/); a Docker engine must answer at " +
            $"{string.Join(", ", engines.All.Select(e => e.Endpoint))}. Nothing was judged.");
        return 2;
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

    /// <summary>Package folders (with problem.yaml) anywhere below a folder, not looking inside a package.</summary>
    private static IEnumerable<string> FindPackages(string directory, int depth)
    {
        if (File.Exists(Path.Combine(directory, "problem.yaml"))) return [Path.GetFullPath(directory)];
        if (depth == 0) return [];
        return Directory.GetDirectories(directory).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal)
            .SelectMany(d => FindPackages(d, depth - 1));
    }

    /// <summary>
    /// Where the sandbox image scripts are: the configured folder when it exists, else the first sandbox-images/ found
    /// from the program's folder upwards (a build output inside the repository), so validate works from any folder.
    /// </summary>
    private static string? FindImagesFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "sandbox-images");
                if (File.Exists(Path.Combine(candidate, "python", "runner.py"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>Just the services judging needs: sandbox, output checks and the runner. Logs go to stderr, warnings only.</summary>
    private static ServiceProvider BuildServices(string[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Its own owner label for the sandbox containers: a running server's leftover sweep must not take them.
                ["Apug:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"apug-validate-{Environment.ProcessId}.db"),
                ["Apug:Sandbox:ImagesPath"] = FindImagesFolder() ?? "sandbox-images",
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
        services.AddLanguages();
        services.AddSingleton<SourceJudge>();
        services.AddSingleton<InputValidatorCheck>();
        services.AddSingleton<Generators.TestDataGenerator>();
        services.AddSingleton<PackageValidator>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
