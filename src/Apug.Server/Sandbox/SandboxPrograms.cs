namespace Apug.Server.Sandbox;

/// <summary>The programs judging runs, in the sandbox's terms: container paths, the syntax check, validator builds.</summary>
public static class SandboxPrograms
{
    public const string SolutionFile = "solution.py";
    public const string ValidatorBinary = "validator";
    private const string Prog = "/box/prog";

    /// <summary>The arguments an output validator gets after its command: input, answer, feedback folder.</summary>
    public static readonly IReadOnlyList<string> ValidatorArguments = [$"/box/test/input", $"/box/test/answer", "/tmp/feedback/"];

    /// <summary>An interactor's arguments: input, answer and feedback folder where only its uid can read them.</summary>
    public static readonly IReadOnlyList<string> InteractorArguments = ["/box/judge/test/input", "/box/judge/test/answer", "/tmp/feedback/"];

    private const string JudgeProg = "/box/judge/prog";

    /// <summary>A Python interactor, run as it is beside the solution.</summary>
    public static SandboxInteractor PythonInteractor(IReadOnlyDictionary<string, byte[]> files, string entry, RunLimits limits) =>
        new(files, [], ["python3", $"{JudgeProg}/{entry}"], limits);

    /// <summary>A C or C++ interactor already built in the validator sandbox (cached per package version).</summary>
    public static SandboxInteractor CompiledInteractor(byte[] binary, RunLimits limits) =>
        new(new Dictionary<string, byte[]> { [ValidatorBinary] = binary }, [ValidatorBinary], [$"{JudgeProg}/{ValidatorBinary}"], limits);

    // A syntax check that does not run the program: a SyntaxError is a compile error, reported without running tests.
    // traceback is imported only on an error: importing it costs a few ms on every submission's critical path.
    internal const string SyntaxCheck =
        "import sys\n" +
        "try:\n" +
        "    compile(open(sys.argv[1],'rb').read(),'solution.py','exec')\n" +
        "except (SyntaxError,ValueError) as e:\n" +
        "    import traceback\n" +
        "    sys.stderr.write(''.join(traceback.format_exception_only(type(e),e)));sys.exit(1)\n";

    /// <summary>A team's Python source, syntax-checked by the same interpreter that will run it.</summary>
    /// <param name="otherFiles">Modules beside it (a multi-file example submission), by path relative to it.</param>
    public static SandboxProgram PythonSolution(string source, string interpreter, RunLimits limits, int compileCpuMs,
        IReadOnlyDictionary<string, byte[]>? otherFiles = null) => new(
        SandboxImage.Python,
        new Dictionary<string, byte[]>(otherFiles ?? new Dictionary<string, byte[]>()) { [SolutionFile] = System.Text.Encoding.UTF8.GetBytes(source) },
        [],
        new SandboxCompile([interpreter, "-c", SyntaxCheck, $"{Prog}/{SolutionFile}"], null, compileCpuMs),
        [interpreter, $"{Prog}/{SolutionFile}"],
        limits,
        Warm: interpreter == "python3");

    /// <summary>A package's input validator: reads a test input on stdin, exits 42 to accept it.</summary>
    public static SandboxProgram PythonInputValidator(IReadOnlyDictionary<string, byte[]> files, string entry, RunLimits limits) => new(
        SandboxImage.Validator, files, [], null, ["python3", $"{Prog}/{entry}"], limits);

    public static SandboxProgram PythonValidator(IReadOnlyDictionary<string, byte[]> files, string entry, RunLimits limits) => new(
        SandboxImage.Validator, files, [], null, ["python3", $"{Prog}/{entry}"], limits, Feedback: true);

    /// <summary>A C or C++ validator built from its sources; the binary comes back as the session's artifact.</summary>
    public static SandboxProgram NativeValidatorBuild(IReadOnlyDictionary<string, byte[]> files, bool isC, IEnumerable<string> sourceNames, RunLimits limits, int compileCpuMs)
    {
        string[] compiler = isC ? ["gcc", "-O2", "-std=gnu11"] : ["g++", "-O2", "-std=gnu++17"];
        return new(SandboxImage.Validator, files, [],
            new SandboxCompile([.. compiler, $"-I{Prog}", "-o", $"/tmp/{ValidatorBinary}", .. sourceNames.Select(n => $"{Prog}/{n}"), "-lm"],
                ValidatorBinary, compileCpuMs),
            [$"{Prog}/{ValidatorBinary}"], limits, Feedback: true);
    }

    /// <summary>A C++ validator already built (cached per package version).</summary>
    public static SandboxProgram CompiledValidator(byte[] binary, RunLimits limits) => new(
        SandboxImage.Validator, new Dictionary<string, byte[]> { [ValidatorBinary] = binary }, [ValidatorBinary], null,
        [$"{Prog}/{ValidatorBinary}"], limits, Feedback: true);
}
