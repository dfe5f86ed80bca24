namespace Apug.Tests.Infrastructure;

/// <summary>Writes a small problem package (legacy Kattis layout) into a challenges folder for one test.</summary>
public sealed class PackageBuilder(string challengesPath, string id)
{
    private readonly List<(string Name, string Input, string Answer)> samples = [];
    private readonly List<(string Name, string Input, string Answer)> secrets = [];
    private readonly Dictionary<string, string> validatorFiles = [];
    private double timeLimit = 1;
    private int memoryMiB = 128;
    private int outputMiB = 1;
    private string? validatorFlags;

    public PackageBuilder Sample(string name, string input, string answer) { samples.Add((name, input, answer)); return this; }

    public PackageBuilder Secret(string name, string input, string answer) { secrets.Add((name, input, answer)); return this; }

    public PackageBuilder Limits(double timeLimitSeconds = 1, int memoryMiB = 128, int outputMiB = 1)
    {
        timeLimit = timeLimitSeconds;
        this.memoryMiB = memoryMiB;
        this.outputMiB = outputMiB;
        return this;
    }

    public PackageBuilder ValidatorFlags(string flags) { validatorFlags = flags; return this; }

    public PackageBuilder CustomValidator(string fileName, string source) { validatorFiles[fileName] = source; return this; }

    public string Build()
    {
        var root = Path.Combine(challengesPath, id);
        Directory.CreateDirectory(root);
        var yaml = $"name: {id}\nlimits:\n  time_limit: {timeLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n  memory: {memoryMiB}\n  output: {outputMiB}\n";
        if (validatorFlags is not null) yaml += $"validator_flags: {validatorFlags}\n";
        if (validatorFiles.Count > 0) yaml += "validation: custom\n";
        File.WriteAllText(Path.Combine(root, "problem.yaml"), yaml);
        Directory.CreateDirectory(Path.Combine(root, "problem_statement"));
        File.WriteAllText(Path.Combine(root, "problem_statement", "problem.en.md"), $"# {id}\n\nA test problem.\n");
        Write(Path.Combine(root, "data", "sample"), samples);
        Write(Path.Combine(root, "data", "secret"), secrets);
        if (validatorFiles.Count > 0)
        {
            var directory = Path.Combine(root, "output_validators", "checker");
            Directory.CreateDirectory(directory);
            foreach (var (name, source) in validatorFiles) File.WriteAllText(Path.Combine(directory, name), source);
        }
        return root;
    }

    private static void Write(string directory, List<(string Name, string Input, string Answer)> cases)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, input, answer) in cases)
        {
            File.WriteAllText(Path.Combine(directory, name + ".in"), input);
            File.WriteAllText(Path.Combine(directory, name + ".ans"), answer);
        }
    }
}
